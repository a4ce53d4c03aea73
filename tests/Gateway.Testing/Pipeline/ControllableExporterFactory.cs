using System.Collections.Concurrent;
using Gateway.Exporters;
using Gateway.Queues;

namespace Gateway.Testing.Pipeline;

/// <summary>
/// Registers <see cref="ControllableExporter"/> under a YAML type with that type's default queue policy (a storage-like
/// type blocks, a chat-like type drops), and hands tests the instance built for each id.
/// </summary>
public sealed class ControllableExporterFactory(string type, QueueFullPolicy defaultPolicy) : ExporterFactory<ControllableExporterOptions>
{
    private readonly ConcurrentDictionary<string, ControllableExporter> _instances = new(StringComparer.Ordinal);

    public override string Type => type;

    /// <summary>The exporter for <paramref name="id"/> (e.g. "store/a"), created on first use so a test can steer it before start.</summary>
    public ControllableExporter this[string id] => _instances.GetOrAdd(id, static key => new ControllableExporter(key));

    public override ControllableExporterOptions CreateDefaultOptions() => new() { Queue = new QueueOptions { Policy = defaultPolicy } };

    protected override IEventExporter Create(ExporterContext context, ControllableExporterOptions options) => this[context.Id.ToString()];
}
