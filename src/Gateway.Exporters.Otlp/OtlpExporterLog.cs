using Microsoft.Extensions.Logging;

namespace Gateway.Exporters.Otlp;

internal static partial class OtlpExporterLog
{
    [LoggerMessage(EventId = 6001, Level = LogLevel.Warning, Message = "Exporter {Exporter}: {Destination} accepted the request but rejected {Rejected} log record(s) as invalid (partial_success): {Reason}; {Suppressed} more such answer(s) since the last report")]
    public static partial void PartiallyRejected(ILogger logger, string exporter, string destination, long rejected, string reason, long suppressed);
}
