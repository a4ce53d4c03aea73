using Microsoft.Extensions.Logging;

namespace Gateway.Otlp.Receivers;

/// <summary>The OTLP receiver's own log lines (event ids 1150-1199; 1100-1149 are the pipeline's); they name what was wrong, never the payload.</summary>
internal static partial class OtlpReceiverLog
{
    [LoggerMessage(EventId = 1150, Level = LogLevel.Warning, Message = "OTLP/{Transport} request refused with {Answer} ({Reason}): {Detail}; {Suppressed} more refused for this reason since the last report")]
    public static partial void RequestRefused(ILogger logger, string transport, string answer, string reason, string detail, long suppressed);

    [LoggerMessage(EventId = 1151, Level = LogLevel.Information, Message = "OTLP {Transport} request: {Rejected} invalid log record(s) dropped: {Reason}")]
    public static partial void RecordsRejected(ILogger logger, string transport, long rejected, string reason);

    [LoggerMessage(EventId = 1152, Level = LogLevel.Warning, Message = "OTLP/{Transport} JSON request held no log record; its top-level field(s) {Fields} are not OTLP and were ignored (answered 200 as OTLP requires). Send OTLP/JSON: {{\"resourceLogs\":[{{\"resource\":{{...}},\"scopeLogs\":[{{\"logRecords\":[{{\"body\":{{\"stringValue\":\"...\"}},\"attributes\":[...]}}]}}]}}]}}, or post your own JSON events (Igniter, Flux, Operational, Tracardi or Dash0 shapes, e.g. {{\"name\":\"user.signup\"}}) to /v1/events instead; {Suppressed} more such request(s) since the last report")]
    public static partial void FieldsIgnored(ILogger logger, string transport, string fields, long suppressed);

    [LoggerMessage(EventId = 1153, Level = LogLevel.Error, Message = "OTLP {Transport} request refused with 400: decoding failed in a way no rule foresaw (a gateway bug; please report it with the exception)")]
    public static partial void UnexpectedDecodeFailure(ILogger logger, string transport, Exception exception);

    [LoggerMessage(EventId = 1154, Level = LogLevel.Error, Message = "OTLP {Transport} request of {Count} record(s) failed inside the gateway and was answered as an internal error")]
    public static partial void ExportFailed(ILogger logger, string transport, int count, Exception exception);
}
