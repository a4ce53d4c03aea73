using System.Collections.Concurrent;
using Gateway.Envelope;
using Gateway.Exporters.Elasticsearch.Configuration;

namespace Gateway.Exporters.Elasticsearch.Targets;

/// <summary>
/// Picks each event's data stream (<c>logs-{dataset}-{namespace}</c>) or dated index. Targets are cached by their raw
/// inputs, so the usual event costs one dictionary lookup and no string building; the cache is bounded because
/// datasets and namespaces can come from event attributes.
/// </summary>
public sealed class DocumentTargets
{
    public const string DatasetAttribute = "data_stream.dataset";
    public const string NamespaceAttribute = "data_stream.namespace";
    public const string DefaultNamespace = "default";
    private const int MaxCached = 4096;
    private const long NanosPerHour = 3_600_000_000_000L;

    private readonly string _dataset;
    private readonly string? _namespace;
    private readonly IndexNamePattern? _index;
    private readonly ConcurrentDictionary<(string? Dataset, string? Namespace), DocumentTarget> _streams = new();
    private readonly ConcurrentDictionary<long, DocumentTarget> _indices = new();

    public DocumentTargets(ElasticsearchExporterOptions options)
    {
        _dataset = options.DataStream.Dataset;
        _namespace = options.DataStream.Namespace;
        if (options.Index is not null && IndexNamePattern.TryParse(options.Index, out var pattern, out _)) _index = pattern;
    }

    public DocumentTarget For(EventEnvelope envelope)
    {
        if (_index is not null) return ForIndex(envelope.TimeUnixNano);
        string? dataset = null;
        string? @namespace = null;
        foreach (ref readonly var attribute in envelope.Attributes.AsSpan())
        {
            if (attribute.Value.Kind != AttributeKind.String) continue;
            if (attribute.Key == DatasetAttribute) dataset = attribute.Value.AsString;
            else if (attribute.Key == NamespaceAttribute) @namespace = attribute.Value.AsString;
        }

        @namespace ??= _namespace ?? envelope.Environment;
        var key = (dataset, @namespace);
        if (_streams.TryGetValue(key, out var target)) return target;
        target = CreateStream(dataset, @namespace);
        if (_streams.Count < MaxCached) _streams.TryAdd(key, target);
        return target;
    }

    private DocumentTarget CreateStream(string? dataset, string? @namespace)
    {
        var cleanDataset = DataStreamNamePart.Sanitize(dataset, _dataset)!;
        var cleanNamespace = DataStreamNamePart.Sanitize(@namespace, DefaultNamespace)!;
        return new DocumentTarget($"logs-{cleanDataset}-{cleanNamespace}", cleanDataset, cleanNamespace);
    }

    private DocumentTarget ForIndex(long unixNano)
    {
        var hour = Math.DivRem(unixNano, NanosPerHour, out var rest) - (rest < 0 ? 1 : 0);
        if (_indices.TryGetValue(hour, out var target)) return target;
        var name = _index!.Format(DateTime.UnixEpoch.AddTicks(hour * (NanosPerHour / 100)));
        target = new DocumentTarget(name, null, null);
        if (_indices.Count >= MaxCached) _indices.Clear();
        _indices.TryAdd(hour, target);
        return target;
    }
}
