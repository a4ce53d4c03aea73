using Gateway.Otlp.Proto.Collector.Logs.V1;
using Gateway.Pipeline;

namespace Gateway.Otlp.Receivers;

/// <summary>What one export request came to: the pipeline's answer and, when accepted, the response to send.</summary>
public readonly record struct LogsExportResult(IngestResult Ingest, ExportLogsServiceResponse Response);
