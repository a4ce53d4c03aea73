using System.Buffers;
using System.Text.Json;
using Gateway.Configuration;
using Gateway.Envelope;
using Gateway.Exporters.Elasticsearch.Bulk;
using Gateway.Exporters.Elasticsearch.Configuration;
using Gateway.Exporters.Elasticsearch.Documents;
using Gateway.Exporters.Elasticsearch.Targets;
using Gateway.Pipeline;
using Gateway.Processors;
using Gateway.Processors.Redaction;
using Gateway.Processors.Sampling;
using Gateway.Routing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Host.RouteTests;

/// <summary>
/// The configuration's own processors, route table and Elasticsearch document writers, built as the gateway builds
/// them, run on a test's events without any exporter being contacted. Fresh per test: sampling holds state.
/// </summary>
internal sealed class RoutePipeline
{
    private readonly (ComponentId Id, IEventProcessor Processor)[] _processors;
    private readonly RouteTable _routes;
    private readonly string[] _exporters;
    private readonly (ElasticsearchExporterOptions Options, DocumentTargets Targets)?[] _documents;
    private readonly long? _seed;

    /// <summary>
    /// The journeys of events sampling holds, by envelope id: a released event is a new object decoded from the held
    /// form, so its journey is found by id (the same id twice means the same record twice, released in arrival order).
    /// </summary>
    private readonly Dictionary<UInt128, Queue<EventJourney>> _held = [];

    /// <param name="seed">The sampling seed the test set (already applied to the sampling options), for the journey's text.</param>
    public RoutePipeline(GatewayConfig config, ComponentCatalog catalog, long? seed)
    {
        _seed = seed;
        _processors = GatewayRuntime.BuildProcessors(config, catalog, NullLoggerFactory.Instance, TimeProvider.System);
        _exporters = [.. config.Exporters.Keys.Select(id => id.ToString())];
        _routes = new RouteTable(GatewayRuntime.CompileRoutes(config), name => Array.IndexOf(_exporters, name));
        _documents = [.. config.Exporters.Values.Select(o => o is ElasticsearchExporterOptions es ? ((ElasticsearchExporterOptions, DocumentTargets)?)(es, new DocumentTargets(es)) : null)];
    }

    /// <summary>Runs one request's events through the processors and routes, recording each step in its journey.</summary>
    /// <param name="journeys">Every journey of the test so far: an event held by sampling is released by a later request.</param>
    public void Run(List<EventEnvelope> request, Dictionary<EventEnvelope, EventJourney> journeys)
    {
        var batch = new List<EventEnvelope>(request);
        foreach (var (id, processor) in _processors)
        {
            var before = new HashSet<EventEnvelope>(batch, ReferenceEqualityComparer.Instance);
            var rates = processor is SamplingProcessor sampler ? batch.ToDictionary<EventEnvelope, EventEnvelope, double>(e => e, sampler.RateFor, ReferenceEqualityComparer.Instance) : null;
            processor.Process(batch);
            var after = new HashSet<EventEnvelope>(batch, ReferenceEqualityComparer.Instance);
            foreach (var envelope in before)
            {
                var journey = journeys[envelope];
                if (after.Contains(envelope))
                {
                    journey.Steps.Add((id.ToString(), Passed(processor, envelope, rates)));
                    continue;
                }

                var rate = rates![envelope];
                var holds = Holds(processor, envelope, rate);
                if (holds) Remember(envelope.Id, journey);
                journey.Steps.Add((id.ToString(), Removed(envelope, rate, holds)));
            }

            foreach (var envelope in batch)
            {
                if (before.Contains(envelope)) continue;
                var journey = _held[envelope.Id].Dequeue();
                journey.Envelope = envelope;
                journeys[envelope] = journey;
                journey.Steps.Add((id.ToString(), $"released: an error of session {envelope.SessionId} came, so the held event is kept after all"));
            }
        }

        var targets = new bool[_exporters.Length];
        var hits = new int[_routes.RouteNames.Length];
        foreach (var envelope in batch)
        {
            var journey = journeys[envelope];
            journey.Kept = true;
            Array.Clear(targets);
            Array.Clear(hits);
            _routes.Route(envelope, targets, hits);
            for (var r = 0; r < hits.Length; r++)
            {
                if (hits[r] > 0) journey.Routes.Add(_routes.RouteNames[r]);
            }

            for (var e = 0; e < targets.Length; e++)
            {
                if (!targets[e]) continue;
                journey.Exporters.Add(_exporters[e]);
                if (_documents[e] is { } elasticsearch) journey.Documents.Add(Document(_exporters[e], elasticsearch.Options, elasticsearch.Targets, envelope));
            }
        }
    }

    private string Passed(IEventProcessor processor, EventEnvelope envelope, Dictionary<EventEnvelope, double>? rates)
    {
        if (rates is not null) return $"kept (keep-rate {rates[envelope]:0.####}{SeedText})";
        if (envelope.Redaction is { Count: > 0 } redaction) return $"redacted {redaction.Count} value(s): {string.Join(", ", redaction.Keys)}";
        return processor is RedactionProcessor ? "nothing to redact" : "passed on";
    }

    private static bool Holds(IEventProcessor processor, EventEnvelope envelope, double rate) =>
        processor is SamplingProcessor && rate > 0 && envelope.Level < EventLevel.Error && !string.IsNullOrEmpty(envelope.SessionId);

    private void Remember(UInt128 id, EventJourney journey)
    {
        if (!_held.TryGetValue(id, out var journeys)) _held[id] = journeys = new Queue<EventJourney>();
        journeys.Enqueue(journey);
    }

    private string Removed(EventEnvelope envelope, double rate, bool holds)
    {
        return holds
            ? $"held, not kept (keep-rate {rate:0.####}{SeedText}): released only if an error of session {envelope.SessionId} follows within keep_session_on_error.window"
            : $"dropped (keep-rate {rate:0.####}{SeedText})";
    }

    private string SeedText => _seed is { } seed ? $" at seed {seed}" : string.Empty;

    private static (string, string, string, JsonElement) Document(string exporter, ElasticsearchExporterOptions options, DocumentTargets targets, EventEnvelope envelope)
    {
        var target = targets.For(envelope);
        var buffer = new ArrayBufferWriter<byte>(2048);
        using var scratch = new PooledBufferWriter();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            if (options.Mapping == DocumentMapping.Envelope) EnvelopeDocumentWriter.Write(writer, scratch, envelope, target);
            else EcsDocumentWriter.Write(writer, envelope, target);
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return (exporter, options.Mapping == DocumentMapping.Envelope ? "envelope" : "ecs", target.Index, document.RootElement.Clone());
    }
}
