using Gateway.Otlp.Proto.Collector.Logs.V1;

namespace Gateway.Exporters.Otlp.Transport;

/// <summary>A success answer: every record delivered, or some rejected as invalid (partial_success), which no retry changes.</summary>
internal static class OtlpPartialSuccess
{
    public static OtlpAnswer Read(ExportLogsServiceResponse response) => response.PartialSuccess is { RejectedLogRecords: > 0 } partial
        ? new OtlpAnswer(ExportResult.Success(), partial.RejectedLogRecords, partial.ErrorMessage)
        : new OtlpAnswer(ExportResult.Success());
}
