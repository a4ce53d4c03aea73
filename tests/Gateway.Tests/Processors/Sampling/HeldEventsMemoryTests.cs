using Gateway.Envelope;
using Gateway.Testing;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace Gateway.Tests.Processors.Sampling;

/// <summary>
/// What holding costs, measured as the managed heap after full collections: deterministic enough to assert on when
/// no other test allocates at the same time, hence a collection of its own that runs alone.
/// </summary>
[Collection(HeldEventsMemoryTests.Name)]
public sealed class HeldEventsMemoryTests(ITestOutputHelper output)
{
    public const string Name = "Held events memory";

    private const int Requests = 200;
    private const int PerRequest = 100;

    [Fact]
    public void AHeldEventCostsLessThanHalfOfTheEnvelopeItWasMadeFrom()
    {
        var processor = SamplingProcessorTests.Create("""
            processors:
              sampling/memory:
                rates: {debug: 0.000001, info: 0.000001, warn: 0.000001}
                keep_session_on_error: {window: 1h, max_sessions: 10000, max_events_per_session: 100}
            """, "sampling/memory", new FakeTimeProvider());
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        var requests = new List<List<EventEnvelope>>(Requests);
        for (var r = 0; r < Requests; r++) requests.Add(Request(r));
        var envelopes = GC.GetTotalMemory(forceFullCollection: true) - baseline;

        foreach (var request in requests) processor.Process(request);
        requests = null;
        var held = GC.GetTotalMemory(forceFullCollection: true) - baseline;

        var figures = $"held events retain {held / (double)processor.HeldEvents:F0} bytes each, the envelopes {envelopes / (double)(Requests * PerRequest):F0} bytes each";
        output.WriteLine(figures);
        Assert.Equal(Requests * PerRequest, processor.HeldEvents);
        // Held as envelopes they cost 106% of the envelopes (the envelopes and the hold's queues); compact, 38%.
        Assert.True(held < envelopes / 2, figures);
        GC.KeepAlive(processor);
    }

    /// <summary>Like the load harness's records: one resource array per request, per-record ids, values and text.</summary>
    private static List<EventEnvelope> Request(int number)
    {
        KeyValue[] resource = [new("host.name", AttributeValue.FromString($"host-{number % 7}")), new("telemetry.sdk.language", AttributeValue.FromString("dotnet"))];
        var request = new List<EventEnvelope>(PerRequest);
        for (var i = 0; i < PerRequest; i++)
        {
            var n = number * PerRequest + i;
            var session = n % 400;
            request.Add(Some.Envelope(
                level: (EventLevel)(1 + (n % 3)),
                sessionId: $"sess-{session}",
                message: $"Request handled for customer {session}",
                traceId: Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()),
                actor: new EntityRef { Type = "user", Id = $"u-{n * 7919 % 100_000}" },
                resource: resource,
                attributes:
                [
                    new("ctx.order.id", AttributeValue.FromString($"ord-{n}")),
                    new("http.route", AttributeValue.FromString($"/api/orders/{n % 5}")),
                    new("http.status_code", AttributeValue.FromLong(200)),
                    new("duration_ms", AttributeValue.FromDouble(n % 250 / 3.0)),
                    new("customer.email", AttributeValue.FromString($"customer{session}@example.com")),
                    new("load.seq", AttributeValue.FromLong(n)),
                ]));
        }

        return request;
    }
}
