using BenchmarkDotNet.Attributes;
using Gateway.Configuration;
using Gateway.Envelope;
using Gateway.Processors.Redaction;
using Gateway.Testing;
using Gateway.Testing.Redaction;

namespace Gateway.Benchmarks.Processors;

/// <summary>
/// The cost per envelope of redaction with the default rules (every key rule and detector on): a typical envelope
/// with nothing to redact, and the canary envelopes with secrets in every place.
/// </summary>
[MemoryDiagnoser]
public class RedactionBenchmarks
{
    private const int BatchSize = 100;

    private readonly RedactionProcessor _processor = new("redaction", RedactionRules.Compile(new RedactionOptions()));
    private List<EventEnvelope> _clean = [];
    private List<EventEnvelope> _secrets = [];
    private EnvelopeFields[] _secretFields = [];

    [GlobalSetup]
    public void Setup()
    {
        _clean = [];
        for (var i = 0; i < BatchSize; i++) _clean.Add(TypicalEnvelope(i));
        _secrets = [];
        while (_secrets.Count < BatchSize) _secrets.AddRange(RedactionCanary.Envelopes());
        _secretFields = [.. _secrets.Select(EnvelopeFields.Capture)];
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = BatchSize)]
    public void TypicalEnvelopeNothingToRedact() => _processor.Process(_clean);

    /// <summary>Includes putting the secrets back (field assignments only) so every run redacts the same input.</summary>
    [Benchmark(OperationsPerInvoke = BatchSize)]
    public void CanaryEnvelopeSecretsEverywhere()
    {
        for (var i = 0; i < _secrets.Count; i++) _secretFields[i].Restore(_secrets[i]);
        _processor.Process(_secrets);
    }

    /// <summary>An envelope as a web shop sends it: a dozen attributes, a sentence of message, resource and tags.</summary>
    private static EventEnvelope TypicalEnvelope(int i) => Some.Envelope(
        message: $"Order ord-{1000 + i} placed by customer 42 for 3 items, total 149.90 EUR",
        attributes:
        [
            new KeyValue("order.id", AttributeValue.FromString($"ord-{1000 + i}")),
            new KeyValue("order.items", AttributeValue.FromLong(3)),
            new KeyValue("order.total", AttributeValue.FromDouble(149.90)),
            new KeyValue("currency", AttributeValue.FromString("EUR")),
            new KeyValue("http.request.method", AttributeValue.FromString("POST")),
            new KeyValue("http.route", AttributeValue.FromString("/api/orders/{id}")),
            new KeyValue("url.full", AttributeValue.FromString($"https://shop.example.com/api/orders/{1000 + i}?ref=newsletter")),
            new KeyValue("http.response.status_code", AttributeValue.FromLong(201)),
            new KeyValue("user_agent.original", AttributeValue.FromString("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36")),
            new KeyValue("client.address", AttributeValue.FromString("203.0.113.7")),
            new KeyValue("feature.flags", AttributeValue.FromArray([AttributeValue.FromString("new-checkout"), AttributeValue.FromString("express-pay")])),
            new KeyValue("cart", AttributeValue.FromMap([new KeyValue("coupon", AttributeValue.FromString("WINTER10")), new KeyValue("items", AttributeValue.FromLong(3))])),
        ],
        tags: [new KeyValue("team", AttributeValue.FromString("checkout")), new KeyValue("region", AttributeValue.FromString("eu-west-1"))]);

    /// <summary>The fields redaction rewrites, so a benchmark run can put the original secrets back.</summary>
    private readonly record struct EnvelopeFields(
        KeyValue[] Attributes, EntityRef? Actor, KeyValue[] ActorTags, EntityRef? Scope, KeyValue[] ScopeTags, KeyValue[] Tags,
        KeyValue[] Resource, AttributeValue Body, string? Message, string? Title, string? ErrorMessage, string? ErrorStack)
    {
        public static EnvelopeFields Capture(EventEnvelope e) => new(
            e.Attributes, e.Actor, e.Actor?.Tags ?? [], e.Scope, e.Scope?.Tags ?? [], e.Tags,
            e.Resource, e.Body, e.Message, e.Title, e.Error?.Message, e.Error?.Stack);

        public void Restore(EventEnvelope e)
        {
            e.Attributes = Attributes;
            e.Actor = Actor;
            if (Actor is not null) Actor.Tags = ActorTags;
            e.Scope = Scope;
            if (Scope is not null) Scope.Tags = ScopeTags;
            e.Tags = Tags;
            e.Resource = Resource;
            e.Body = Body;
            e.Message = Message;
            e.Title = Title;
            if (e.Error is { } error)
            {
                error.Message = ErrorMessage;
                error.Stack = ErrorStack;
            }

            e.Redaction = null;
        }
    }
}
