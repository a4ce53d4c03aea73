using Microsoft.Extensions.Logging;

namespace Gateway.Otlp.Receivers;

/// <summary>The OTLP receiver's own log lines (event ids 1100-1199); they name what was wrong, never the payload.</summary>
internal static partial class OtlpReceiverLog
{
    [LoggerMessage(EventId = 1100, Level = LogLevel.Debug, Message = "OTLP {Transport} request refused with {Status}: {Reason}")]
    public static partial void RequestRefused(ILogger logger, string transport, int status, string reason);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "OTLP {Transport} request: {Rejected} invalid log record(s) dropped: {Reason}")]
    public static partial void RecordsRejected(ILogger logger, string transport, long rejected, string reason);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning, Message = "OTLP {Transport} request of {Count} record(s) refused: {Status} ({Reason})")]
    public static partial void PipelineRefused(ILogger logger, string transport, int count, string status, string? reason);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Error, Message = "OTLP {Transport} request refused with 400: decoding failed in a way no rule foresaw (a gateway bug; please report it with the exception)")]
    public static partial void UnexpectedDecodeFailure(ILogger logger, string transport, Exception exception);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Error, Message = "OTLP {Transport} request of {Count} record(s) failed inside the gateway and was answered as an internal error")]
    public static partial void ExportFailed(ILogger logger, string transport, int count, Exception exception);
}
