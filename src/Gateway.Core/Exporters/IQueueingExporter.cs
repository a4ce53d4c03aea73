using Gateway.Pipeline;

namespace Gateway.Exporters;

/// <summary>
/// An exporter that still holds events after <see cref="IEventExporter.ExportAsync"/> returned (the loadbalancing
/// exporter's per-backend queues). Its lane counts them in: a drain waits until they are delivered, and a stop past
/// the shutdown timeout has the exporter give up on them (dead-lettered, reported) as it does with its own queue.
/// </summary>
public interface IQueueingExporter
{
    /// <summary>No more batches will come: completes once everything held is delivered or dead-lettered.</summary>
    Task DrainAsync(CancellationToken abort);

    /// <summary>The shutdown timeout ran out: what is still held is dead-lettered and reported.</summary>
    Task<ExporterShutdownReport> AbortAsync();
}
