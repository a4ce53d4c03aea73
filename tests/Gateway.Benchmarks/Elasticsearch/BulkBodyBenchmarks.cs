using BenchmarkDotNet.Attributes;
using Gateway.Envelope;
using Gateway.Exporters.Elasticsearch.Bulk;
using Gateway.Exporters.Elasticsearch.Configuration;
using Gateway.Exporters.Elasticsearch.Targets;
using Gateway.Testing;

namespace Gateway.Benchmarks.Elasticsearch;

/// <summary>
/// The exporter's hot path: a batch of envelopes to <c>_bulk</c> NDJSON (target lookup, action line, ECS document).
/// Allocations per batch should stay flat in the batch size apart from the pooled buffer growing.
/// </summary>
[MemoryDiagnoser]
public class BulkBodyBenchmarks
{
    private EventEnvelope[] _batch = [];
    private DocumentTargets _targets = null!;

    [Params(1000)]
    public int BatchSize { get; set; }

    [Params(DocumentMapping.Ecs, DocumentMapping.Envelope)]
    public DocumentMapping Mapping { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var options = new ElasticsearchExporterOptions { Endpoints = ["http://localhost:9200"] };
        _targets = new DocumentTargets(options);
        _batch = new EventEnvelope[BatchSize];
        for (var i = 0; i < _batch.Length; i++)
        {
            _batch[i] = Some.Envelope(
                error: i % 10 == 0 ? Some.Error(stack: "at Shop.Checkout.Place()\nat Shop.Api.Post()") : null,
                tags: [new KeyValue("team", AttributeValue.FromString("payments"))]);
        }
    }

    [Benchmark]
    public int WriteBulkBody()
    {
        using var body = new BulkRequestBody(Mapping, _batch.Length);
        foreach (var envelope in _batch) body.Append(envelope, _targets.For(envelope));
        return body.TotalBytes;
    }
}
