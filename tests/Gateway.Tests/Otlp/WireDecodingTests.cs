using Gateway.Configuration;
using Gateway.Envelope;
using Gateway.Otlp.Mapping;
using Gateway.Otlp.Proto.Collector.Logs.V1;
using Gateway.Otlp.Proto.Common.V1;
using Gateway.Otlp.Proto.Logs.V1;
using Gateway.Otlp.Wire;
using Google.Protobuf;
using Microsoft.Extensions.Time.Testing;
using static Gateway.Testing.Otlp.OtlpRequests;

namespace Gateway.Tests.Otlp;

/// <summary>
/// The receivers decode protobuf straight from the bytes (one reused LogRecord) instead of building Google.Protobuf's
/// object graph. Whatever the bytes, the result must be the one the object graph gives: the same envelopes (ids
/// included) and the same rejections, or a refusal exactly where Google.Protobuf refuses.
/// </summary>
public sealed class WireDecodingTests
{
    private static readonly DateTimeOffset ReceivedAt = new(2026, 11, 23, 18, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ARequestWithEveryFieldTypeAndSeveralResourcesAndScopesMapsAlikeFromTheBytes()
    {
        var request = RichRequest();

        var (fromGraph, fromWire) = MapBothWays(request.ToByteArray());

        Assert.Equal(8, fromGraph.Count);
        Assert.Equal(fromGraph, fromWire);
    }

    [Fact]
    public void FieldsInAnyOrderRepeatedMessagesAndUnknownFieldsAreReadAsProtobufSpecifies()
    {
        var record = Record("first body", Attr("k", "v")).ToByteArray();
        var writer = new List<byte>();
        // A record whose body comes twice (merged: the later string wins), with an unknown varint, an unknown
        // length-delimited field and an unknown group in between.
        var body2 = new AnyValue { StringValue = "second body" }.ToByteArray();
        writer.AddRange(record);
        writer.AddRange(Tag(5, 2)); writer.AddRange(Varint((ulong)body2.Length)); writer.AddRange(body2);
        writer.AddRange(Tag(99, 0)); writer.AddRange(Varint(12345));
        writer.AddRange(Tag(98, 2)); writer.AddRange(Varint(3)); writer.AddRange("abc"u8.ToArray());
        writer.AddRange(Tag(97, 3)); writer.AddRange(Tag(1, 0)); writer.AddRange(Varint(1)); writer.AddRange(Tag(97, 4));
        var scopeLogs = Concat(Field(2, [.. writer]), Field(1, new InstrumentationScope { Name = "late.scope" }.ToByteArray()));
        var resourceLogs = Concat(Field(2, scopeLogs), Field(1, new Gateway.Otlp.Proto.Resource.V1.Resource { Attributes = { Attr("service.name", "late-resource") } }.ToByteArray()));
        var bytes = Field(1, resourceLogs);

        var (fromGraph, fromWire) = MapBothWays(bytes);

        Assert.Equal(fromGraph, fromWire);
        Assert.Contains("\"message\":\"second body\"", Assert.Single(fromWire), StringComparison.Ordinal);
        Assert.Contains("\"service\":\"late-resource\"", fromWire[0], StringComparison.Ordinal);
    }

    [Fact]
    public void ThousandsOfDamagedCopiesAreEitherRefusedByBothDecodersOrMappedAlike()
    {
        var original = RichRequest().ToByteArray();
        var random = new Random(20261123);
        var refused = 0;
        for (var round = 0; round < 3000; round++)
        {
            var damaged = Damage(original, random);
            var graphRefused = false;
            var graphError = "";
            ExportLogsServiceRequest? graph = null;
            try
            {
                graph = ExportLogsServiceRequest.Parser.ParseFrom(damaged);
            }
            catch (InvalidProtocolBufferException e)
            {
                graphRefused = true;
                graphError = e.Message;
            }

            var wire = new List<EventEnvelope>();
            var wireRefused = false;
            try
            {
                Mapper().Map(damaged, wire);
            }
            catch (OtlpWireException)
            {
                wireRefused = true;
            }

            Assert.True(graphRefused == wireRefused, $"round {round}: Google.Protobuf {(graphRefused ? "refused" : "accepted")} the bytes, the wire decoder {(wireRefused ? "refused" : "accepted")} them ({graphError})");
            if (graphRefused)
            {
                refused++;
                continue;
            }

            var fromGraph = new List<EventEnvelope>();
            var rejected = Mapper().Map(graph!, fromGraph);
            Assert.Equal(fromGraph.Select(EnvelopeJson.ToJson), wire.Select(EnvelopeJson.ToJson));
            Assert.Equal(rejected.ErrorMessage, Mapper().Map(damaged, []).ErrorMessage);
        }

        // Both outcomes were exercised.
        Assert.InRange(refused, 300, 2700);
    }

    [Theory]
    [InlineData(new byte[] { 0x0A, 0x05, 0x01 }, "truncated")]
    [InlineData(new byte[] { 0x00, 0x01 }, "invalid tag 0")]
    [InlineData(new byte[] { 0x0F }, "invalid wire type 7")]
    [InlineData(new byte[] { 0x08, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01 }, "more than 10 bytes")]
    [InlineData(new byte[] { 0x0C }, "end-group")]
    public void BytesThatAreNotAMessageAreRefusedWithWhatIsWrong(byte[] bytes, string reason)
    {
        var error = Assert.Throws<OtlpWireException>(() => Mapper().Map(bytes, []));
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidProtocolBufferException>(() => ExportLogsServiceRequest.Parser.ParseFrom(bytes));
    }

    /// <summary>
    /// Protobuf strings must be UTF-8, and Google.Protobuf refuses a message whose strings are not; the wire decoder
    /// refuses it too (the whole request: 400 / INVALID_ARGUMENT), saying which record and which field.
    /// </summary>
    [Theory]
    [InlineData("severity", "resource_logs[0].scope_logs[1].log_records[1]: severity_text is not valid UTF-8")]
    [InlineData("event", "resource_logs[0].scope_logs[1].log_records[1]: event_name is not valid UTF-8")]
    [InlineData("key", "resource_logs[0].scope_logs[1].log_records[1]: an attribute key is not valid UTF-8")]
    [InlineData("value", "resource_logs[0].scope_logs[1].log_records[1]: the string_value of attribute 'http.url' is not valid UTF-8")]
    [InlineData("body", "resource_logs[0].scope_logs[1].log_records[1]: body.string_value is not valid UTF-8")]
    [InlineData("nested", "resource_logs[0].scope_logs[1].log_records[1]: ")]
    [InlineData("scope", "resource_logs[0].scope_logs[1]: ")]
    [InlineData("resource", "resource_logs[0]: ")]
    public void InvalidUtf8IsRefusedAsGoogleProtobufRefusesItNamingWhereItIs(string where, string expected)
    {
        const string Placeholder = InvalidUtf8Placeholder;
        var record = Record(where == "body" ? Placeholder : "ok", Attr("http.url", where == "value" ? Placeholder : "/"), Attr(where == "key" ? Placeholder : "k", "v"),
            Attr("nested", new AnyValue { KvlistValue = new KeyValueList { Values = { Attr("inner", where == "nested" ? Placeholder : "fine") } } }));
        record.SeverityText = where == "severity" ? Placeholder : "INFO";
        record.EventName = where == "event" ? Placeholder : "e";
        var request = Logs([Record("earlier scope")], [Attr("service.name", where == "resource" ? Placeholder : "checkout")]);
        request.ResourceLogs[0].ScopeLogs.Add(new ScopeLogs { Scope = new InstrumentationScope { Name = where == "scope" ? Placeholder : "s" }, LogRecords = { Record("first"), record } });
        var bytes = WithInvalidUtf8(request);

        var error = Assert.Throws<OtlpWireException>(() => Mapper().Map(bytes, []));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidProtocolBufferException>(() => ExportLogsServiceRequest.Parser.ParseFrom(bytes));
    }

    [Fact]
    public void RepeatedAttributeKeysShareOneStringAcrossRecords()
    {
        var request = Logs(Record("a", Attr("http.route", "/a")), Record("b", Attr("http.route", "/b")));
        var output = new List<EventEnvelope>();

        Mapper().Map(request.ToByteArray(), output);

        Assert.Same(output[0].Attributes[0].Key, output[1].Attributes[0].Key);
    }

    private static (List<string> FromGraph, List<string> FromWire) MapBothWays(byte[] bytes)
    {
        var fromGraph = new List<EventEnvelope>();
        var rejectedGraph = Mapper().Map(ExportLogsServiceRequest.Parser.ParseFrom(bytes), fromGraph);
        var fromWire = new List<EventEnvelope>();
        var rejectedWire = Mapper().Map(bytes, fromWire);
        Assert.Equal(rejectedGraph.ErrorMessage, rejectedWire.ErrorMessage);
        return ([.. fromGraph.Select(EnvelopeJson.ToJson)], [.. fromWire.Select(EnvelopeJson.ToJson)]);
    }

    /// <summary>Two resources, three scopes, every AnyValue type (nested arrays and maps, bytes), ids, flags, an invalid record, times past the envelope's range.</summary>
    private static ExportLogsServiceRequest RichRequest()
    {
        var nested = new AnyValue { KvlistValue = new KeyValueList { Values = { Attr("inner", 1L), Attr("list", new AnyValue { ArrayValue = new ArrayValue { Values = { new AnyValue { StringValue = "x" }, new AnyValue { DoubleValue = 2.5 }, new AnyValue { BoolValue = true } } } }) } } };
        var full = Record("full record", Attr("session.id", "s-1"), Attr("user.id", "u-1"), Attr("count", 3L), Attr("ratio", 0.25), Attr("flag", true),
            Attr("nested", nested), Attr("blob", new AnyValue { BytesValue = ByteString.CopyFrom(1, 2, 3) }), Attr("empty", new AnyValue()),
            Attr("exception.type", "System.Exception"), Attr("exception.stacktrace", "System.Exception: boom\n   at A.B()"), Attr("tags.team", "payments"));
        full.EventName = "order.failed";
        full.SeverityNumber = SeverityNumber.Error2;
        full.SeverityText = "ERROR";
        full.TraceId = Hex("4bf92f3577b34da6a3ce929d0e0e4736");
        full.SpanId = Hex("00f067aa0ba902b7");
        full.Flags = 1;
        full.DroppedAttributesCount = 2;
        full.ObservedTimeUnixNano = BaseTimeUnixNano + 5;
        full.Attributes.Add(new Gateway.Otlp.Proto.Common.V1.KeyValue { Key = "no.value" });
        var mapBody = Record("ignored");
        mapBody.Body = nested;
        var bytesBody = Record("ignored");
        bytesBody.Body = new AnyValue { BytesValue = ByteString.CopyFromUtf8("raw") };
        var badTrace = Record("bad");
        badTrace.TraceId = ByteString.CopyFrom(1, 2, 3);
        var outOfRange = Record("times past the envelope's range");
        outOfRange.TimeUnixNano = ulong.MaxValue;
        outOfRange.ObservedTimeUnixNano = 1ul << 63;
        var first = Logs([full, mapBody, bytesBody, badTrace, outOfRange], [Attr("service.name", "checkout"), Attr("service.version", "1.2.3"), Attr("deployment.environment.name", "prod"), Attr("host.name", "h1")]);
        var second = Logs([Record("other service", Attr("k", "v")), Record("no attributes")], [Attr("service.name", "billing")], scopeName: "Billing", scopeVersion: null);
        second.ResourceLogs[0].ScopeLogs.Add(new ScopeLogs { Scope = new InstrumentationScope { Name = "third", Attributes = { Attr("scope.attr", "s") } }, LogRecords = { Record("third scope") } });
        first.ResourceLogs.Add(second.ResourceLogs[0]);
        first.ResourceLogs.Add(new ResourceLogs { ScopeLogs = { new ScopeLogs { LogRecords = { Record("no resource, no scope") } } } });
        return first;
    }

    private static byte[] Tag(int field, int wireType) => Varint((ulong)((field << 3) | wireType));

    private static byte[] Varint(ulong value)
    {
        var bytes = new List<byte>();
        while (value >= 0x80)
        {
            bytes.Add((byte)(value | 0x80));
            value >>= 7;
        }

        bytes.Add((byte)value);
        return [.. bytes];
    }

    private static byte[] Field(int number, byte[] message) => [.. Tag(number, 2), .. Varint((ulong)message.Length), .. message];

    private static byte[] Concat(byte[] a, byte[] b) => [.. a, .. b];

    private static EnvelopeMapper Mapper() => new(new EnvelopeOptions(), new FakeTimeProvider(ReceivedAt));
}
