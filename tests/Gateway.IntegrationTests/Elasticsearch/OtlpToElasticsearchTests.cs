using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Gateway.Testing;
using Gateway.Testing.Elasticsearch;
using Gateway.Testing.Otlp;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Exporter;

namespace Gateway.IntegrationTests.Elasticsearch;

/// <summary>OTLP in through the real gateway, ECS documents out in the Elasticsearch double, each mapped field checked.</summary>
public sealed class OtlpToElasticsearchTests
{
    private static string GatewayYaml(ElasticsearchDouble elasticsearch) => TestGateway.LoopbackReceivers + $"""
        exporters:
          elasticsearch:
            endpoints: [{elasticsearch.Address.ToString().TrimEnd('/')}]
            batch: {"{"} max_wait: 20ms {"}"}
            retry: {"{"} initial_interval: 50ms, max_interval: 200ms {"}"}
        routes:
          - name: everything
            exporters: [elasticsearch]
        """;

    [Fact]
    public async Task AnSdkErrorLogBecomesAnEcsDocumentInItsDataStreamWithEveryMappedField()
    {
        await using var elasticsearch = await ElasticsearchDouble.StartAsync();
        await using var gateway = await TestGateway.StartAsync(GatewayYaml(elasticsearch));
        string traceId, spanId;
        using (var client = OtelLogClient.Create(gateway.GrpcEndpoint, OtlpExportProtocol.Grpc))
        {
            using var activity = new Activity("checkout").SetIdFormat(ActivityIdFormat.W3C).Start();
            traceId = activity.TraceId.ToHexString();
            spanId = activity.SpanId.ToHexString();
            var logger = client.CreateLogger("Shop.Checkout");
            using (logger.BeginScope(new Dictionary<string, object>
            {
                ["session.id"] = "sess-5", ["user.id"] = "u-42", ["tenant.id"] = "acme", ["tags.region"] = "eu-west",
                ["event.title"] = "Payment failed", ["ctx.order.id"] = "ord-1001", ["ctx.attempts"] = 3,
                ["code.file.path"] = "/src/Checkout.cs", ["code.line.number"] = 42, ["code.function.name"] = "Place",
                ["exception.type"] = "CardDeclinedException", ["exception.message"] = "insufficient funds", ["exception.stacktrace"] = "at Shop.Checkout.Place()",
            }))
            {
                logger.LogError(new EventId(17, "payment.failed"), "Charge failed");
            }

            activity.Stop();
            Assert.True(client.Flush(), "the SDK could not export to the gateway");
        }

        var dataStream = $"logs-gateway-{OtelLogClient.Environment}";
        await Eventually.TrueAsync(() => elasticsearch.DocumentsIn(dataStream).Count >= 1, $"a document in {dataStream}");
        var document = Assert.Single(elasticsearch.DocumentsIn(dataStream));
        Assert.Equal(document.Id, document.Text("event.id"));
        Assert.NotNull(document.Text("@timestamp"));
        Assert.Equal("Charge failed", document.Text("message"));
        Assert.Equal("error", document.Text("log.level"));
        Assert.Equal("Shop.Checkout", document.Text("log.logger"));
        Assert.Equal("/src/Checkout.cs", document.Text("log.origin.file.name"));
        Assert.Equal(42, document.Field("log.origin.file.line")!.Value.GetInt64());
        Assert.Equal("Place", document.Text("log.origin.function"));
        Assert.Equal(OtelLogClient.ServiceName, document.Text("service.name"));
        Assert.Equal(OtelLogClient.ServiceVersion, document.Text("service.version"));
        Assert.Equal(OtelLogClient.Environment, document.Text("service.environment"));
        Assert.Equal("CardDeclinedException", document.Text("error.type"));
        Assert.Equal("insufficient funds", document.Text("error.message"));
        Assert.Equal("at Shop.Checkout.Place()", document.Text("error.stack_trace"));
        Assert.Equal(traceId, document.Text("trace.id"));
        Assert.Equal(spanId, document.Text("span.id"));
        Assert.Equal("payment.failed", document.Text("event.action"));
        Assert.Equal(17, document.Field("event.severity")!.Value.GetInt64());
        Assert.Equal("u-42", document.Text("user.id"));
        Assert.Equal("eu-west", document.Text("labels.region"));
        Assert.Equal("logs", document.Text("data_stream.type"));
        Assert.Equal("gateway", document.Text("data_stream.dataset"));
        Assert.Equal(OtelLogClient.Environment, document.Text("data_stream.namespace"));
        Assert.Equal("user", document.Text("actor.type"));
        Assert.Equal("tenant", document.Text("scope.type"));
        Assert.Equal("acme", document.Text("scope.id"));
        Assert.Equal("sess-5", document.Text("session.id"));
        Assert.Equal("Payment failed", document.Text("title"));
        var attributes = document.Source.GetProperty("attributes");
        Assert.Equal("ord-1001", attributes.GetProperty("ctx.order.id").GetString());
        Assert.Equal(OtelLogClient.HostName, document.Source.GetProperty("resource").GetProperty("host.name").GetString());
        Assert.Equal("flattened", elasticsearch.MappingTypeOf(dataStream, "attributes"));
    }

    [Fact]
    public async Task TheSameRecordSentTwiceIsIndexedOnceBecauseItsIdComesFromItsContent()
    {
        await using var elasticsearch = await ElasticsearchDouble.StartAsync();
        await using var gateway = await TestGateway.StartAsync(GatewayYaml(elasticsearch));
        var request = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", "curl-logs.json"));
        using var http = new HttpClient();
        for (var copy = 1; copy <= 2; copy++)
        {
            using var content = new StringContent(request, Encoding.UTF8, "application/json");
            using var response = await http.PostAsync(gateway.HttpLogsEndpoint, content);
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
            var bulkRequests = copy;
            await Eventually.TrueAsync(() => elasticsearch.Requests.Count(r => r.Path.StartsWith("/_bulk", StringComparison.Ordinal)) >= bulkRequests, $"copy {copy} reached _bulk");
        }

        // The second create is answered 409 and counts as delivered: one document, not two.
        Assert.Single(elasticsearch.Documents);
    }
}
