using Gateway.Configuration;
using Gateway.Envelope;
using Gateway.Exporters;
using Gateway.Otlp.Mapping;
using Gateway.Otlp.Proto.Collector.Logs.V1;
using Gateway.Otlp.Proto.Common.V1;
using Gateway.Otlp.Proto.Logs.V1;
using Gateway.Otlp.Proto.Resource.V1;
using Google.Protobuf;
using Microsoft.Extensions.Time.Testing;
using static Gateway.Testing.Otlp.OtlpRequests;
using ProtoKeyValue = Gateway.Otlp.Proto.Common.V1.KeyValue;

namespace Gateway.Tests.Otlp;

/// <summary>
/// The otlp exporter's request, read by another gateway's receiver, gives back the very envelope it was made from:
/// every field of the mapping table, the alternates that lost, values the bounds cut, and what processors added.
/// </summary>
public sealed class OtlpRequestBuilderTests
{
    private static readonly DateTimeOffset ReceivedAt = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public static TheoryData<string> Cases => new(RoundTripCases.Keys.Order(StringComparer.Ordinal));

    private static readonly Dictionary<string, Func<ExportLogsServiceRequest>> RoundTripCases = new()
    {
        ["every recognized field"] = () => Logs([WithIds(Record("Order declined",
            Attr("event.name", "order.declined"), Attr("event.title", "Declined"), Attr("event.value", 12.5), Attr("session.id", "sess-1"),
            Attr("context.start", true), Attr("actor.type", "customer"), Attr("actor.id", "c-1"), Attr("actor.tags.plan", "pro"),
            Attr("scope.type", "order"), Attr("scope.id", "o-9"), Attr("scope.tags.region", "eu"), Attr("exception.type", "CardError"),
            Attr("exception.message", "declined"), Attr("exception.code", 51L), Attr("exception.stacktrace", "at Pay()"),
            Attr("code.file.path", "Pay.cs"), Attr("code.line.number", 42L), Attr("code.function.name", "Pay"),
            Attr("tags.team", "payments"), Attr("ctx.order.id", "ord-1"), Attr("attempts", 3L), Attr("ratio", 0.5), Attr("ok", false)))],
            [Attr("service.name", "checkout"), Attr("service.version", "1.2.3"), Attr("deployment.environment.name", "prod"), Attr("host.name", "web-1")]),
        ["alternates that lost stay attributes"] = () => Logs([Record("x",
            Attr("actor.type", "user"), Attr("user.id", "u-1"), Attr("enduser.id", "e-1"), Attr("tenant.id", "t-1"),
            Attr("error.type", "E"), Attr("exception.type", "X"), Attr("code.namespace", "Ns"), Attr("context.id", "ctx"),
            Attr("session.id", "s"), Attr("session.id", "second"), Attr("event.value", "not a number"), Attr("a", 1L))]),
        ["shortcuts and no scope"] = () => Logs([Record("y", Attr("user.id", 42L), Attr("organization.id", "org"), Attr("error.type", "Timeout"),
            Attr("error.code", "E1"), Attr("code.namespace", "Worker"), Attr("code.lineno", "17"), Attr("context.id", "ctx-2"))], scopeName: ""),
        ["structured body, bytes, nesting, empty values"] = () => Logs([Body(new AnyValue { KvlistValue = Kv(("order", new AnyValue { StringValue = "o" }),
            ("items", new AnyValue { ArrayValue = new ArrayValue { Values = { new AnyValue { IntValue = 1 }, new AnyValue { DoubleValue = double.NaN }, new AnyValue() } } }),
            ("raw", new AnyValue { BytesValue = ByteString.CopyFrom(1, 2, 3) })) }, Attr("empty", new AnyValue()), Attr("bytes", new AnyValue { BytesValue = ByteString.CopyFrom(9) }))]),
        ["no body, no severity, event name from the record"] = () => Logs([new LogRecord { TimeUnixNano = BaseTimeUnixNano, EventName = "tick" }], scopeName: "Clock"),
        ["event name equal to the scope and the default"] = () => Logs([new LogRecord { TimeUnixNano = BaseTimeUnixNano, EventName = "Clock", SeverityText = "WARNING" },
            new LogRecord { TimeUnixNano = BaseTimeUnixNano, EventName = "log", SeverityNumber = SeverityNumber.Fatal2 }], scopeName: "Clock"),
        ["session from the trace id"] = () => Logs([WithIds(Record("traced"))]),
        ["older environment key, a resource without service"] = () => Logs([Record("z")], [Attr("deployment.environment", "staging"), Attr("k8s.pod.name", "p-1")]),
        ["both environment keys"] = () => Logs([Record("z")], [Attr("service.name", "a"), Attr("deployment.environment", "old"), Attr("deployment.environment.name", "new")]),
        ["no resource at all"] = () => new ExportLogsServiceRequest { ResourceLogs = { new ResourceLogs { ScopeLogs = { new ScopeLogs { LogRecords = { Record("bare") } } } } } },
        ["values the bounds cut, attributes the sender dropped"] = () => Logs([Dropped(Record(new string('m', 10), Attr("long", new string('l', 100)), Attr("deep", Deep(5)),
            Attr("a1", 1L), Attr("a2", 2L), Attr("a3", 3L), Attr("a4", 4L), Attr("a5", 5L)))], [Attr("service.name", "s"), Attr("r1", new string('r', 100))]),
        ["an application's own log.record.uid stays an attribute"] = () => Logs([Record("ulid", Attr("log.record.uid", "01ARZ3NDEKTSV4RRFFQ69G5FAV"), Attr("b", 1L))]),
        ["several resources and scopes"] = () => TwoResources(),
    };

    private static readonly EnvelopeOptions Bounds = new() { MaxAttributes = 4, MaxAttributeValueLength = 32, MaxAttributeDepth = 3 };

    [Theory]
    [MemberData(nameof(Cases))]
    public void AnotherGatewayMapsTheRequestToTheSameEnvelopes(string name)
    {
        var first = Map(RoundTripCases[name]().ToByteArray());

        var forwarded = OtlpRequestBuilder.Build(new EventBatch(first.ToArray()));
        var second = Map(forwarded.ToByteArray());

        Assert.Equal(first.Select(EnvelopeJson.ToJson), second.Select(EnvelopeJson.ToJson));
    }

    [Fact]
    public void WhatProcessorsAddedTravelsToo()
    {
        var envelopes = Map(Logs(Record("sampled"), Record("redacted")).ToByteArray());
        envelopes[0].SampleRate = 0.1;
        envelopes[1].Redaction = new RedactionSummary { Count = 2, Keys = ["attributes.email", "message"] };

        var second = Map(OtlpRequestBuilder.Build(new EventBatch(envelopes.ToArray())).ToByteArray());

        Assert.Equal(envelopes.Select(EnvelopeJson.ToJson), second.Select(EnvelopeJson.ToJson));
        Assert.Equal(0.1, second[0].SampleRate);
        Assert.Equal(["attributes.email", "message"], second[1].Redaction!.Keys);
    }

    [Fact]
    public void EnvelopesOfOneResourceAndScopeShareTheirBlocks()
    {
        var envelopes = Map(TwoResources().ToByteArray());

        var request = OtlpRequestBuilder.Build(new EventBatch(envelopes.ToArray()));

        Assert.Equal(2, request.ResourceLogs.Count);
        Assert.Equal([2, 1], request.ResourceLogs[0].ScopeLogs.Select(s => s.LogRecords.Count));
        Assert.Equal("checkout", request.ResourceLogs[0].Resource.Attributes[0].Value.StringValue);
    }

    [Fact]
    public void AForwardedFieldOfTheWrongShapeIsAnOrdinaryAttribute()
    {
        var envelope = Assert.Single(Map(Logs(Record("odd", Attr(ForwardedKeys.RecordUid, "ABC"), Attr(ForwardedKeys.SampleRate, 7.0), Attr(ForwardedKeys.Truncated, "x"))).ToByteArray()));

        Assert.Equal([ForwardedKeys.RecordUid, ForwardedKeys.SampleRate, ForwardedKeys.Truncated], envelope.Attributes.Select(a => a.Key));
        Assert.Null(envelope.SampleRate);
        Assert.Null(envelope.Truncated);
    }

    private static List<EventEnvelope> Map(byte[] request)
    {
        var output = new List<EventEnvelope>();
        Assert.Equal(0, new EnvelopeMapper(Bounds, new FakeTimeProvider(ReceivedAt)).Map(request, output).Count);
        return output;
    }

    private static ExportLogsServiceRequest TwoResources()
    {
        var request = Logs([Record("a1"), Record("a2")], [Attr("service.name", "checkout"), Attr("host.name", "h")]);
        request.ResourceLogs[0].ScopeLogs.Add(new ScopeLogs { Scope = new InstrumentationScope { Name = "Other" }, LogRecords = { Record("a3") } });
        request.ResourceLogs.Add(Logs([Record("b1")], [Attr("service.name", "billing")]).ResourceLogs[0]);
        return request;
    }

    private static LogRecord WithIds(LogRecord record)
    {
        record.TraceId = Hex("4bf92f3577b34da6a3ce929d0e0e4736");
        record.SpanId = Hex("00f067aa0ba902b7");
        return record;
    }

    private static LogRecord Body(AnyValue body, params ProtoKeyValue[] attributes)
    {
        var record = Record("", attributes);
        record.Body = body;
        return record;
    }

    private static LogRecord Dropped(LogRecord record)
    {
        record.DroppedAttributesCount = 3;
        return record;
    }

    private static KeyValueList Kv(params (string Key, AnyValue Value)[] entries)
    {
        var list = new KeyValueList();
        foreach (var (key, value) in entries) list.Values.Add(new ProtoKeyValue { Key = key, Value = value });
        return list;
    }

    private static AnyValue Deep(int depth) => depth == 0 ? new AnyValue { StringValue = "bottom" } : new AnyValue { KvlistValue = Kv(("d", Deep(depth - 1))) };
}
