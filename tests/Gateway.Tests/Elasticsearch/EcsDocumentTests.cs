using System.Text.Json;
using Gateway.Envelope;
using Gateway.Exporters;
using Gateway.Exporters.Elasticsearch.Configuration;
using Gateway.Testing;
using Gateway.Testing.Elasticsearch;

namespace Gateway.Tests.Elasticsearch;

public sealed class EcsDocumentTests
{
    private static EventEnvelope FullEnvelope() => new()
    {
        Id = new UInt128(0xABCDEF, 0x123456789),
        Name = "payment.failed",
        TimeUnixNano = Some.BaseTimeUnixNano + 123_456_789,
        ObservedTimeUnixNano = Some.BaseTimeUnixNano + 200_000_000,
        Level = EventLevel.Error,
        SeverityNumber = 17,
        SeverityText = "ERROR",
        Service = "checkout",
        Environment = "Prod-EU",
        Version = "1.4.2",
        SessionId = "sess-9",
        ContextStart = true,
        Actor = new EntityRef { Type = "user", Id = "u-42", Tags = [new KeyValue("plan", AttributeValue.FromString("pro"))] },
        Scope = new EntityRef { Type = "tenant", Id = "acme", Tags = [new KeyValue("region", AttributeValue.FromString("eu"))] },
        Attributes =
        [
            new KeyValue("http.status_code", AttributeValue.FromLong(502)),
            new KeyValue("retry", AttributeValue.FromBool(true)),
            new KeyValue("cart", AttributeValue.FromMap([new KeyValue("items", AttributeValue.FromLong(3))])),
        ],
        Error = new ErrorInfo { Name = "PaymentException", Message = "Card declined", Code = "E42", Stack = "at Pay()\nat Checkout()" },
        Source = new SourceLocation { Causer = "Shop.Payments", File = "/src/Pay.cs", Line = 77, Function = "Pay" },
        Message = "Payment failed for order 1001",
        Body = AttributeValue.FromMap([new KeyValue("order", AttributeValue.FromString("1001"))]),
        Title = "Payment failed",
        Value = 99.5,
        Tags = [new KeyValue("team", AttributeValue.FromString("payments")), new KeyValue("tier", AttributeValue.FromLong(1))],
        TraceId = "4bf92f3577b34da6a3ce929d0e0e4736",
        SpanId = "00f067aa0ba902b7",
        Resource = [new KeyValue("host.name", AttributeValue.FromString("web-1"))],
        ScopeName = "Shop.Payments",
        Truncated = ["attributes.big"],
        SampleRate = 0.25,
        Redaction = new RedactionSummary { Count = 2, Keys = ["card", "email"] },
    };

    [Fact]
    public async Task EveryEnvelopeFieldLandsInItsEcsField()
    {
        await using var cluster = await ElasticsearchDouble.StartAsync();
        using var exporter = await ExporterUnderTest.StartAsync(cluster);
        var envelope = FullEnvelope();

        var result = await exporter.ExportAsync(envelope);

        Assert.Equal(ExportOutcome.Success, result.Outcome);
        var document = Assert.Single(cluster.DocumentsIn("logs-gateway-prod_eu"));
        Assert.Equal(EnvelopeIds.ToHex(envelope.Id), document.Id);
        Assert.StartsWith(".ds-logs-gateway-prod_eu-", document.BackingIndex, StringComparison.Ordinal);
        Assert.Equal("2026-11-23T12:00:00.123456789Z", document.Text("@timestamp"));
        Assert.Equal("Payment failed for order 1001", document.Text("message"));
        Assert.Equal("error", document.Text("log.level"));
        Assert.Equal("Shop.Payments", document.Text("log.logger"));
        Assert.Equal("/src/Pay.cs", document.Text("log.origin.file.name"));
        Assert.Equal(77, document.Field("log.origin.file.line")!.Value.GetInt64());
        Assert.Equal("Pay", document.Text("log.origin.function"));
        Assert.Equal("checkout", document.Text("service.name"));
        Assert.Equal("1.4.2", document.Text("service.version"));
        Assert.Equal("Prod-EU", document.Text("service.environment"));
        Assert.Equal("PaymentException", document.Text("error.type"));
        Assert.Equal("Card declined", document.Text("error.message"));
        Assert.Equal("at Pay()\nat Checkout()", document.Text("error.stack_trace"));
        Assert.Equal("E42", document.Text("error.code"));
        Assert.Equal("4bf92f3577b34da6a3ce929d0e0e4736", document.Text("trace.id"));
        Assert.Equal("00f067aa0ba902b7", document.Text("span.id"));
        Assert.Equal(EnvelopeIds.ToHex(envelope.Id), document.Text("event.id"));
        Assert.Equal("payment.failed", document.Text("event.action"));
        Assert.Equal(17, document.Field("event.severity")!.Value.GetInt32());
        Assert.Equal("2026-11-23T12:00:00.200Z", document.Text("event.created"));
        Assert.Equal("gateway", document.Text("event.dataset"));
        Assert.Equal("u-42", document.Text("user.id"));
        Assert.Equal("payments", document.Text("labels.team"));
        Assert.Equal("1", document.Text("labels.tier"));
        Assert.Equal("logs", document.Text("data_stream.type"));
        Assert.Equal("gateway", document.Text("data_stream.dataset"));
        Assert.Equal("prod_eu", document.Text("data_stream.namespace"));
        Assert.Equal("user", document.Text("actor.type"));
        Assert.Equal("u-42", document.Text("actor.id"));
        Assert.Equal("pro", document.Text("actor.tags.plan"));
        Assert.Equal("tenant", document.Text("scope.type"));
        Assert.Equal("acme", document.Text("scope.id"));
        Assert.Equal("eu", document.Text("scope.tags.region"));
        Assert.Equal("sess-9", document.Text("session.id"));
        Assert.Equal("Payment failed", document.Text("title"));
        Assert.Equal(99.5, document.Field("value")!.Value.GetDouble());
        Assert.Equal(0.25, document.Field("sample_rate")!.Value.GetDouble());
        var attributes = document.Field("attributes")!.Value;
        Assert.Equal(502, attributes.GetProperty("http.status_code").GetInt64());
        Assert.True(attributes.GetProperty("retry").GetBoolean());
        Assert.Equal(3, attributes.GetProperty("cart").GetProperty("items").GetInt64());
        Assert.Equal("web-1", document.Field("resource")!.Value.GetProperty("host.name").GetString());
        Assert.Equal("1001", document.Text("body.order"));
        Assert.True(document.Field("gateway.context_start")!.Value.GetBoolean());
        Assert.Equal("attributes.big", document.Field("gateway.truncated")!.Value[0].GetString());
        Assert.Equal(2, document.Field("gateway.redaction.count")!.Value.GetInt32());
        Assert.Equal(["card", "email"], document.Field("gateway.redaction.keys")!.Value.EnumerateArray().Select(k => k.GetString()));
    }

    [Fact]
    public async Task TheInstalledTemplateMapsEveryFieldWithItsEcsType()
    {
        await using var cluster = await ElasticsearchDouble.StartAsync();
        using var exporter = await ExporterUnderTest.StartAsync(cluster);

        await exporter.ExportAsync(FullEnvelope());

        const string stream = "logs-gateway-prod_eu";
        Assert.Equal("date", cluster.MappingTypeOf(stream, "@timestamp"));
        Assert.Equal("keyword", cluster.MappingTypeOf(stream, "log.level"));
        Assert.Equal("long", cluster.MappingTypeOf(stream, "log.origin.file.line"));
        Assert.Equal("wildcard", cluster.MappingTypeOf(stream, "error.stack_trace"));
        Assert.Equal("keyword", cluster.MappingTypeOf(stream, "labels.team"));
        Assert.Equal("keyword", cluster.MappingTypeOf(stream, "labels.tier"));
        Assert.Equal("constant_keyword", cluster.MappingTypeOf(stream, "data_stream.namespace"));
        Assert.Equal("flattened", cluster.MappingTypeOf(stream, "attributes"));
        Assert.Equal("flattened", cluster.MappingTypeOf(stream, "resource"));
        Assert.Equal("flattened", cluster.MappingTypeOf(stream, "actor.tags"));
        Assert.Null(cluster.MappingTypeOf(stream, "attributes.http.status_code"));
    }

    [Fact]
    public async Task AnEventWithoutMessageStillGetsAReadableLineAndNoEmptyObjects()
    {
        await using var cluster = await ElasticsearchDouble.StartAsync();
        using var exporter = await ExporterUnderTest.StartAsync(cluster);
        var envelope = new EventEnvelope { Id = 7, Name = "cache.miss", Service = "api", TimeUnixNano = Some.BaseTimeUnixNano };

        await exporter.ExportAsync(envelope);

        var document = Assert.Single(cluster.DocumentsIn("logs-gateway-default"));
        Assert.Equal("cache.miss", document.Text("message"));
        Assert.Null(document.Field("error"));
        Assert.Null(document.Field("user"));
        Assert.Null(document.Field("labels"));
        Assert.Null(document.Field("gateway"));
        Assert.Equal("2026-11-23T12:00:00Z", document.Text("@timestamp"));
    }

    [Fact]
    public async Task EnvelopeMappingWritesTheRawEnvelopeWithTimestampAndDataStream()
    {
        await using var cluster = await ElasticsearchDouble.StartAsync();
        using var exporter = await ExporterUnderTest.StartAsync(cluster, o => o.Mapping = DocumentMapping.Envelope);
        var envelope = FullEnvelope();

        var result = await exporter.ExportAsync(envelope);

        Assert.Equal(ExportOutcome.Success, result.Outcome);
        var document = Assert.Single(cluster.DocumentsIn("logs-gateway-prod_eu"));
        using var expected = JsonDocument.Parse(EnvelopeJson.ToJson(envelope));
        foreach (var property in expected.RootElement.EnumerateObject())
        {
            Assert.Equal(property.Value.GetRawText(), document.Source.GetProperty(property.Name).GetRawText());
        }

        Assert.Equal("2026-11-23T12:00:00.123456789Z", document.Text("@timestamp"));
        Assert.Equal("prod_eu", document.Text("data_stream.namespace"));
        Assert.Equal("flattened", cluster.MappingTypeOf("logs-gateway-prod_eu", "attributes"));
    }
}
