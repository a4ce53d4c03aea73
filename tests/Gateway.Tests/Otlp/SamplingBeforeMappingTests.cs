using System.Buffers;
using Gateway.Configuration;
using Gateway.Envelope;
using Gateway.Otlp.Mapping;
using Gateway.Otlp.Proto.Collector.Logs.V1;
using Gateway.Otlp.Proto.Common.V1;
using Gateway.Otlp.Proto.Logs.V1;
using Gateway.Otlp.Wire;
using Gateway.Processors.Sampling;
using Gateway.Testing.Diagnostics;
using Gateway.Tests.Processors.Sampling;
using Google.Protobuf;
using Microsoft.Extensions.Time.Testing;
using static Gateway.Testing.Otlp.OtlpRequests;

namespace Gateway.Tests.Otlp;

/// <summary>
/// The receivers let the first sampler decide records before they are mapped, and skip mapping those it drops. That
/// must never change an outcome: for thousands of generated requests (every severity, session, trace and name shape,
/// priorities, rules, damaged bytes), mapping every record and then sampling, and sampling first, must give the same
/// envelopes byte for byte, the same rejections or refusal, and the same counters.
/// </summary>
public sealed class SamplingBeforeMappingTests
{
    private static readonly DateTimeOffset ReceivedAt = new(2026, 12, 4, 18, 0, 0, TimeSpan.Zero);

    public static TheoryData<string, string> Configurations => new()
    {
        { "defaults", "{}" },
        { "rules", "{seed: 7, rules: [{name: \"payment.*\", rate: 1}, {service: healthcheck, rate: 0}, {level: warn, name: \"cart.*\", rate: 0.3}]}" },
        { "zero-rates", "{rates: {debug: 0, info: 0.5, warn: 0, error: 1, fatal: 0.2}, priority_attribute: null}" },
        { "hold", "{rates: {debug: 0, info: 0.2}, rules: [{service: healthcheck, rate: 0}], keep_session_on_error: {window: 10s, max_sessions: 20, max_events_per_session: 5}}" },
    };

    [Theory]
    [MemberData(nameof(Configurations))]
    public void GeneratedRequestsGiveTheSameEnvelopesRejectionsAndCountersWhetherSampledBeforeOrAfterMapping(string name, string sampling)
    {
        using var counters = new MetricRecorder();
        var time = new FakeTimeProvider(ReceivedAt);
        var afterId = $"sampling/after-{name}";
        var beforeId = $"sampling/before-{name}";
        var after = SamplingProcessorTests.Create($"processors:\n  {afterId}: {sampling}\n", afterId, time);
        var before = SamplingProcessorTests.Create($"processors:\n  {beforeId}: {sampling}\n", beforeId, time);
        var mapper = new EnvelopeMapper(new EnvelopeOptions(), time);
        var random = new Random(20261204);
        int skipped = 0, mapped = 0, refused = 0;

        for (var round = 0; round < 1_500; round++)
        {
            var bytes = RandomRequestBytes(random);
            var (afterOutcome, afterEnvelopes, _) = Run(mapper, bytes, after, sampleBeforeMapping: false);
            var (beforeOutcome, beforeEnvelopes, sampledOut) = Run(mapper, bytes, before, sampleBeforeMapping: true);

            Assert.True(afterOutcome == beforeOutcome, $"round {round}: {afterOutcome} mapping first, {beforeOutcome} sampling first");
            Assert.Equal(Encoded(afterEnvelopes), Encoded(beforeEnvelopes));
            Assert.Equal(after.HeldEvents, before.HeldEvents);
            if (afterOutcome.StartsWith("refused", StringComparison.Ordinal)) refused++;
            skipped += sampledOut;
            mapped += beforeEnvelopes.Count;
            time.Advance(TimeSpan.FromMilliseconds(random.Next(0, 2_000)));
        }

        foreach (var counter in (string[])["gateway_sampling_kept", "gateway_sampling_sampled_out", "gateway_sampling_rescued"])
        {
            foreach (var level in (string[])["debug", "info", "warn", "error", "fatal"])
            {
                Assert.Equal(counters.Sum(counter, "processor", afterId, "level", level), counters.Sum(counter, "processor", beforeId, "level", level));
            }
        }

        // Every path was taken: records skipped unmapped, records left to the mapper, requests refused.
        Assert.True(skipped > 1_000, $"only {skipped} records were sampled out before mapping");
        Assert.True(refused > 50, $"only {refused} requests were refused");
        Assert.True(counters.Sum("gateway_sampling_kept", "processor", beforeId) > 500, "too few records were kept to compare");
        Assert.True(mapped > 0);
    }

    [Fact]
    public void WithoutAttributeRulesTheSamplerDecidesUnmappedRecordsAndAnAttributeRuleTurnsThatOff()
    {
        Assert.True(SamplingProcessorTests.Create("processors:\n  sampling: {rules: [{name: \"a.*\", rate: 1}]}\n").DecidesUnmapped);
        Assert.False(SamplingProcessorTests.Create("processors:\n  sampling: {rules: [{attributes: {tier: gold}, rate: 1}]}\n").DecidesUnmapped);
    }

    /// <summary>Maps the request, sampling before or after, then runs the processor as the pipeline does.</summary>
    private static (string Outcome, List<EventEnvelope> Envelopes, int SampledOut) Run(EnvelopeMapper mapper, byte[] bytes, SamplingProcessor processor, bool sampleBeforeMapping)
    {
        var envelopes = new List<EventEnvelope>();
        RejectedRecords rejected;
        var sampledOut = 0;
        try
        {
            rejected = sampleBeforeMapping ? mapper.Map(bytes, envelopes, processor, out sampledOut) : mapper.Map(bytes, envelopes);
        }
        catch (OtlpWireException e)
        {
            return ($"refused: {e.Message}", [], 0);
        }

        var received = envelopes.Count + sampledOut;
        processor.Process(envelopes);
        return ($"accepted {received} records, rejected {rejected.Count}: {rejected.ErrorMessage}", envelopes, sampledOut);
    }

    private static List<string> Encoded(List<EventEnvelope> envelopes)
    {
        var encoded = new List<string>(envelopes.Count);
        var buffer = new ArrayBufferWriter<byte>();
        foreach (var envelope in envelopes)
        {
            buffer.ResetWrittenCount();
            EnvelopeBinaryCodec.Write(buffer, envelope);
            encoded.Add(Convert.ToBase64String(buffer.WrittenSpan));
        }

        return encoded;
    }

    private static byte[] RandomRequestBytes(Random random)
    {
        var request = new ExportLogsServiceRequest();
        var invalidUtf8 = random.Next(12) == 0;
        for (var r = random.Next(1, 3); r > 0; r--)
        {
            var resource = new Gateway.Otlp.Proto.Resource.V1.Resource();
            if (random.Next(5) > 0) resource.Attributes.Add(Attr("service.name", Pick(random, "checkout", "healthcheck", "billing")));
            var resourceLogs = new ResourceLogs { Resource = resource };
            for (var s = random.Next(1, 3); s > 0; s--)
            {
                var scopeLogs = new ScopeLogs();
                if (random.Next(3) > 0) scopeLogs.Scope = new InstrumentationScope { Name = Pick(random, "", "Shop.Checkout", "payment.gateway", "cart.ui") };
                for (var n = random.Next(1, 25); n > 0; n--) scopeLogs.LogRecords.Add(RandomRecord(random));
                resourceLogs.ScopeLogs.Add(scopeLogs);
            }

            request.ResourceLogs.Add(resourceLogs);
        }

        if (invalidUtf8)
        {
            // One string somewhere becomes invalid UTF-8: the request must be refused either way, naming the same place.
            var records = request.ResourceLogs[^1].ScopeLogs[^1].LogRecords;
            var record = records[random.Next(records.Count)];
            switch (random.Next(4))
            {
                case 0: record.SeverityText = InvalidUtf8Placeholder; break;
                case 1: record.EventName = InvalidUtf8Placeholder; break;
                case 2: record.Attributes.Add(Attr("note", InvalidUtf8Placeholder)); break;
                default: record.Attributes.Add(Attr("nested", new AnyValue { ArrayValue = new ArrayValue { Values = { new AnyValue { StringValue = InvalidUtf8Placeholder } } } })); break;
            }

            return WithInvalidUtf8(request);
        }

        var bytes = request.ToByteArray();
        return random.Next(6) == 0 ? Damage(bytes, random) : bytes;
    }

    private static LogRecord RandomRecord(Random random)
    {
        var record = new LogRecord
        {
            TimeUnixNano = BaseTimeUnixNano + (ulong)random.Next(1_000_000),
            SeverityNumber = (SeverityNumber)Pick(random, 0, 1, 5, 9, 10, 13, 17, 21, 24, 25, 30),
            SeverityText = Pick(random, "", "", "INFO", " warning ", "Err", "fatal", "debug", "information", "nonsense", "\u00c9RROR", new string(' ', 70) + "error"),
            EventName = Pick(random, "", "", "payment.captured", "cart.viewed", "order.placed"),
        };
        if (random.Next(4) > 0) record.Body = new AnyValue { StringValue = Pick(random, "Order placed", "", "payment failed") };
        else if (random.Next(2) == 0) record.Body = new AnyValue { KvlistValue = new KeyValueList { Values = { Attr("k", random.Next(10)) } } };

        switch (random.Next(6))
        {
            case 0: break;
            case 1: record.TraceId = ByteString.CopyFrom(new byte[16]); break;
            case 2: record.TraceId = ByteString.CopyFrom(Bytes(random, 3)); break;
            default: record.TraceId = ByteString.CopyFrom(Bytes(random, 16)); break;
        }

        if (random.Next(3) == 0) record.SpanId = ByteString.CopyFrom(Bytes(random, random.Next(20) == 0 ? 5 : 8));

        var attributes = new List<Gateway.Otlp.Proto.Common.V1.KeyValue>();
        AddSometimes(random, attributes, "session.id", 3);
        AddSometimes(random, attributes, "context.id", 5);
        if (random.Next(6) == 0) attributes.Add(random.Next(4) == 0 ? Attr("event.name", 7L) : Attr("event.name", Pick(random, "payment.refund", "cart.add", "")));
        if (random.Next(10) == 0) attributes.Add(Pick(random, Attr("sampling.priority", 100L), Attr("sampling.priority", "50"), Attr("sampling.priority", 0.0)));
        if (random.Next(2) == 0) attributes.Add(Attr("http.route", "/cart"));
        if (random.Next(3) == 0) attributes.Add(Attr("count", (long)random.Next(100)));
        if (random.Next(5) == 0) attributes.Add(Attr("list", new AnyValue { ArrayValue = new ArrayValue { Values = { new AnyValue { StringValue = "a" }, new AnyValue { IntValue = 2 } } } }));
        if (random.Next(8) == 0) attributes.Add(Attr("blob", new AnyValue { BytesValue = ByteString.CopyFrom(1, 2) }));
        if (random.Next(4) == 0) attributes.Add(Attr("user.email", "ada@example.com"));
        if (random.Next(10) == 0) attributes.Add(Attr("exception.type", "System.InvalidOperationException"));
        if (random.Next(12) == 0) attributes.Add(new Gateway.Otlp.Proto.Common.V1.KeyValue { Key = "session.id" });
        random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(attributes));
        record.Attributes.Add(attributes);
        return record;
    }

    /// <summary>A session-like attribute in one of the shapes senders use: a string of a few dozen sessions, empty, a number, an array.</summary>
    private static void AddSometimes(Random random, List<Gateway.Otlp.Proto.Common.V1.KeyValue> attributes, string key, int oneIn)
    {
        if (random.Next(oneIn) == 0) return;
        attributes.Add(random.Next(10) switch
        {
            0 => Attr(key, ""),
            1 => Attr(key, (long)random.Next(40)),
            2 => Attr(key, new AnyValue { ArrayValue = new ArrayValue { Values = { new AnyValue { StringValue = "s-1" } } } }),
            _ => Attr(key, $"s-{random.Next(40)}"),
        });
    }

    private static byte[] Bytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private static T Pick<T>(Random random, params T[] choices) => choices[random.Next(choices.Length)];
}
