using Microsoft.Extensions.Logging;

namespace Gateway.Host.Observing;

/// <summary>Log lines of the taps and the status page (event ids 1320-1339); never an event's content.</summary>
internal static partial class ObservingLog
{
    [LoggerMessage(EventId = 1320, Level = LogLevel.Information, Message = "Tap attached at {Point} (where: {Where}) from {Client}")]
    public static partial void TapAttached(ILogger logger, string point, string where, string client);

    [LoggerMessage(EventId = 1321, Level = LogLevel.Information, Message = "Tap at {Point} detached: {Sent} event(s) shown, {Dropped} left out because the reader was behind")]
    public static partial void TapDetached(ILogger logger, string point, long sent, long dropped);

    [LoggerMessage(EventId = 1322, Level = LogLevel.Warning, Message = "Tap refused ({Status}, {Reason}): {Detail} ({Suppressed} more since the last report)")]
    public static partial void TapRefused(ILogger logger, int status, string reason, string detail, long suppressed);
}
