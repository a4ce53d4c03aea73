namespace Gateway.Exporters;

/// <summary>
/// Sends one batch to one destination. That is all an exporter's author writes: queueing, batching, retry with
/// backoff, dead-lettering and isolation are wrappers configured from YAML around this one method.
/// </summary>
public interface IEventExporter
{
    ValueTask<ExportResult> ExportAsync(EventBatch batch, CancellationToken cancellationToken);
}
