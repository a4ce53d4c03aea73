using Microsoft.Extensions.Logging;

namespace Gateway.Host.Operations;

/// <summary>The gateway's log lines about itself: reloads and the telemetry endpoint (event ids 1300-1319).</summary>
internal static partial class OperationsLog
{
    [LoggerMessage(EventId = 1300, Level = LogLevel.Information, Message = "Configuration reloaded ({Trigger}): {Kept} exporter(s) kept running, {Started} started, {Retired} draining to their old destination")]
    public static partial void Reloaded(ILogger logger, string trigger, int kept, int started, int retired);

    [LoggerMessage(EventId = 1301, Level = LogLevel.Error, Message = "Configuration reload ({Trigger}) refused, the running configuration stays: {Error}")]
    public static partial void ReloadRefused(ILogger logger, string trigger, string error);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Warning, Message = "The {Section} block of {Path} changed; it takes effect only after a restart (the reload applied routes, processors and exporters)")]
    public static partial void RestartNeeded(ILogger logger, string section, string path);

    [LoggerMessage(EventId = 1303, Level = LogLevel.Debug, Message = "Configuration reload ({Trigger}): {Path} is unchanged")]
    public static partial void Unchanged(ILogger logger, string trigger, string path);

    [LoggerMessage(EventId = 1304, Level = LogLevel.Error, Message = "Configuration reload ({Trigger}) failed building the new pipeline, the running configuration stays")]
    public static partial void ReloadFailed(ILogger logger, string trigger, Exception exception);

    [LoggerMessage(EventId = 1305, Level = LogLevel.Error, Message = "Draining the exporters a reload removed failed")]
    public static partial void RetireFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1306, Level = LogLevel.Information, Message = "Watching {Path} for changes; SIGHUP also reloads it")]
    public static partial void Watching(ILogger logger, string path);

    [LoggerMessage(EventId = 1307, Level = LogLevel.Warning, Message = "Cannot watch {Path} for changes ({Reason}); send SIGHUP to reload it")]
    public static partial void CannotWatch(ILogger logger, string path, string reason);

    [LoggerMessage(EventId = 1308, Level = LogLevel.Information, Message = "{Summary}")]
    public static partial void Sampling(ILogger logger, string summary);
}
