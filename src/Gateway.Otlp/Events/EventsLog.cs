using Microsoft.Extensions.Logging;

namespace Gateway.Otlp.Events;

/// <summary>The events API's own log lines (event ids 1160-1169 of the receiver's 1150-1199); they name what was wrong, never the payload.</summary>
internal static partial class EventsLog
{
    [LoggerMessage(EventId = 1160, Level = LogLevel.Information, Message = "POST /v1/events: {Rejected} of {Total} event(s) rejected, the first at index {Index}: {Reason}; {Suppressed} more request(s) with rejected events since the last report")]
    public static partial void EventsRejected(ILogger logger, int rejected, int total, int index, string reason, long suppressed);

    [LoggerMessage(EventId = 1161, Level = LogLevel.Error, Message = "POST /v1/events refused with 400: reading the body failed in a way no rule foresaw (a gateway bug; please report it with the exception)")]
    public static partial void UnexpectedReadFailure(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1162, Level = LogLevel.Error, Message = "POST /v1/events of {Count} event(s) failed inside the gateway and was answered as an internal error")]
    public static partial void IngestFailed(ILogger logger, int count, Exception exception);
}
