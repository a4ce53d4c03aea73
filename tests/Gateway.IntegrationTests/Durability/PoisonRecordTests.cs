using System.Net;
using System.Text;
using System.Text.Json;
using Gateway.Otlp.Proto.Collector.Logs.V1;
using Gateway.Queues;
using Gateway.Testing;
using Gateway.Testing.Elasticsearch;
using Gateway.Testing.Otlp;
using Gateway.Testing.Pipeline;
using Grpc.Net.Client;

namespace Gateway.IntegrationTests.Durability;

/// <summary>
/// "Acknowledged means delivered, whatever arrives": a record that one exporter cannot take, or whose value is NaN or
/// infinite, never holds up the records around it or behind it, and nothing acknowledged is lost, with memory and
/// persistent queues, also at shutdown.
/// </summary>
public sealed class PoisonRecordTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("gateway-poison-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task RecordsWithANonFiniteValueOverEveryTransportAreDeliveredOnceToEveryExporterAndTheLanesKeepGoing()
    {
        await using var elasticsearch = await ElasticsearchDouble.StartAsync();
        await using var gateway = await TestGateway.StartAsync($$"""
            exporters:
              file/memory: { path: "{dir}/memory.ndjson", batch: { max_wait: 10ms } }
              file/disk:
                path: "{dir}/disk.ndjson"
                batch: { max_wait: 10ms }
                queue: { type: persistent, dir: "{dir}/queue" }
              elasticsearch:
                endpoints: [{{elasticsearch.Address.ToString().TrimEnd('/')}}]
                batch: { max_wait: 10ms }
                retry: { initial_interval: 50ms, max_interval: 200ms }
            service:
              dead_letter: { path: "{dir}/dead-letter.ndjson" }
            """);
        using var http = new HttpClient();
        using var channel = GrpcChannel.ForAddress(gateway.GrpcEndpoint);
        var grpc = new LogsService.LogsServiceClient(channel);

        // Each request: good records around a poisoned one, as protobuf over HTTP, as OTLP/JSON (where NaN and the
        // infinities are strings) and over gRPC.
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsync(gateway.HttpLogsEndpoint, OtlpRequests.ProtobufContent(Request("proto", double.NaN)))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsync(gateway.HttpLogsEndpoint, JsonRequest("json", "Infinity"))).StatusCode);
        await grpc.ExportAsync(Request("grpc", double.NegativeInfinity));
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsync(gateway.HttpLogsEndpoint, OtlpRequests.ProtobufContent(OtlpRequests.Logs(OtlpRequests.Record("after"))))).StatusCode);

        string[] expected = ["after", .. new[] { "proto", "json", "grpc" }.SelectMany(t => new[] { $"{t}-good-1", $"{t}-poison", $"{t}-good-2" })];
        Array.Sort(expected, StringComparer.Ordinal);
        await gateway.WaitForEnvelopesAsync(expected.Length, "memory.ndjson");
        await gateway.WaitForEnvelopesAsync(expected.Length, "disk.ndjson");
        await Eventually.TrueAsync(() => elasticsearch.Documents.Count >= expected.Length, "every record indexed");
        await gateway.Host.StopAsync(TimeSpan.FromSeconds(10));

        foreach (var file in new[] { "memory.ndjson", "disk.ndjson" })
        {
            var stored = await gateway.ReadEnvelopesAsync(file);
            Assert.Equal(expected, stored.Select(e => e.GetProperty("message").GetString()).Order(StringComparer.Ordinal));
            var poisons = stored.Where(e => e.GetProperty("message").GetString()!.EndsWith("-poison", StringComparison.Ordinal)).ToList();
            Assert.Equal(["-Infinity", "Infinity", "NaN"], poisons.Select(e => e.GetProperty("value").GetString()).Order(StringComparer.Ordinal));
        }

        Assert.Equal(expected, DurableGatewayYaml.IndexedMessages(elasticsearch).Order(StringComparer.Ordinal));
        Assert.Equal("NaN", elasticsearch.Documents.Single(d => d.Text("message") == "proto-poison").Text("value"));
        Assert.False(File.Exists(Path.Combine(gateway.Directory, "dead-letter.ndjson")), "nothing dead-lettered");
    }

    [Theory]
    [InlineData("memory")]
    [InlineData("persistent")]
    public async Task ARecordTheExporterThrowsOnIsDeadLetteredWithTheReasonAndEveryOtherIsDeliveredOnce(string queueType)
    {
        var queueDir = Path.Combine(_directory, "queue");
        var store = new ControllableExporterFactory("store", QueueFullPolicy.Block);
        var id = "store/poison-" + queueType;
        var yaml = $$"""
            exporters:
              {{id}}:
                batch: { max_size: 50, max_wait: 20ms }
                queue: { type: {{queueType}}, dir: "{{queueDir}}" }
            routes:
              - name: everything
                exporters: [{{id}}]
            service:
              dead_letter: { path: "{dir}/dead-letter.ndjson" }
            """;
        var acknowledged = new List<string>();
        string deadLetterPath;
        await using (var gateway = await TestGateway.StartAsync(yaml, catalog => catalog.Add(store)))
        {
            deadLetterPath = Path.Combine(gateway.Directory, "dead-letter.ndjson");
            store[id].ThrowOn(e => e.Message == "req-1-poison" ? new InvalidOperationException("cannot write field [amount]") : null);
            using var http = new HttpClient();
            for (var request = 0; request < 4; request++)
            {
                var messages = Enumerable.Range(0, 10).Select(i => request == 1 && i == 5 ? "req-1-poison" : $"req-{request}-{i}").ToList();
                var body = OtlpRequests.Logs(messages.Select(m => OtlpRequests.Record(m)));
                Assert.Equal(HttpStatusCode.OK, (await http.PostAsync(gateway.HttpLogsEndpoint, OtlpRequests.ProtobufContent(body))).StatusCode);
                acknowledged.AddRange(messages);
            }

            await Eventually.TrueAsync(() => store[id].DeliveredCount >= 39, "the 39 good records are delivered");
            await gateway.Host.StopAsync(TimeSpan.FromSeconds(10));
            var line = Assert.Single(await File.ReadAllLinesAsync(deadLetterPath));
            using var entry = JsonDocument.Parse(line);
            Assert.Equal("req-1-poison", entry.RootElement.GetProperty("event").GetProperty("message").GetString());
            Assert.Equal("System.InvalidOperationException", entry.RootElement.GetProperty("error_type").GetString());
            Assert.Contains("cannot write field [amount]", entry.RootElement.GetProperty("reason").GetString(), StringComparison.Ordinal);

            // Nothing acknowledged is lost: every record is delivered once or is in the dead-letter file.
            var delivered = store[id].Delivered.Select(e => e.Message!).ToList();
            Assert.Equal(acknowledged.Where(m => m != "req-1-poison").Order(StringComparer.Ordinal), delivered.Order(StringComparer.Ordinal));
        }

        // A persistent queue acknowledged the set-aside record: the next start does not meet it again.
        var restartedStore = new ControllableExporterFactory("store", QueueFullPolicy.Block);
        await using var restarted = await TestGateway.StartAsync(yaml, catalog => catalog.Add(restartedStore));
        using var again = new HttpClient();
        Assert.Equal(HttpStatusCode.OK, (await again.PostAsync(restarted.HttpLogsEndpoint, OtlpRequests.ProtobufContent(OtlpRequests.Logs(OtlpRequests.Record("next"))))).StatusCode);
        await Eventually.TrueAsync(() => restartedStore[id].DeliveredCount >= 1, "the next record is delivered");
        await restarted.Host.StopAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(["next"], restartedStore[id].Delivered.Select(e => e.Message));
        Assert.False(File.Exists(Path.Combine(restarted.Directory, "dead-letter.ndjson")));
    }

    [Fact]
    public async Task AtShutdownEveryRecordAMemoryQueueStillHoldsReachesTheDeadLetterFileNonFiniteValuesIncluded()
    {
        var store = new ControllableExporterFactory("store", QueueFullPolicy.Block);
        await using var gateway = await TestGateway.StartAsync("""
            exporters:
              store/stuck: { batch: { max_size: 5, max_wait: 0s } }
            routes:
              - name: everything
                exporters: [store/stuck]
            service:
              shutdown_timeout: 300ms
              dead_letter: { path: "{dir}/dead-letter.ndjson" }
            """, catalog => catalog.Add(store));
        store["store/stuck"].Hang();
        using var http = new HttpClient();
        var acknowledged = new List<string>();
        for (var request = 0; request < 4; request++)
        {
            var body = request % 2 == 0 ? Request($"r{request}", double.NaN) : Request($"r{request}", double.PositiveInfinity);
            Assert.Equal(HttpStatusCode.OK, (await http.PostAsync(gateway.HttpLogsEndpoint, OtlpRequests.ProtobufContent(body))).StatusCode);
            acknowledged.AddRange(body.ResourceLogs[0].ScopeLogs[0].LogRecords.Select(r => r.Body.StringValue));
        }

        await gateway.Host.StopAsync(TimeSpan.FromSeconds(10));

        var lines = await File.ReadAllLinesAsync(Path.Combine(gateway.Directory, "dead-letter.ndjson"));
        var deadLettered = lines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.All(deadLettered, e => Assert.Equal("shutdown", e.GetProperty("error_type").GetString()));
        Assert.Equal(acknowledged.Order(StringComparer.Ordinal), deadLettered.Select(e => e.GetProperty("event").GetProperty("message").GetString()).Order(StringComparer.Ordinal));
        Assert.Equal(4, deadLettered.Count(e => e.GetProperty("event").TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.String));
    }

    /// <summary>"{tag}-good-1", "{tag}-poison" (event.value = <paramref name="value"/>), "{tag}-good-2".</summary>
    private static ExportLogsServiceRequest Request(string tag, double value) => OtlpRequests.Logs(
        OtlpRequests.Record($"{tag}-good-1", OtlpRequests.Attr("event.value", 1.5)),
        OtlpRequests.Record($"{tag}-poison", OtlpRequests.Attr("event.value", value), OtlpRequests.Attr("ratio", value)),
        OtlpRequests.Record($"{tag}-good-2"));

    private static StringContent JsonRequest(string tag, string value)
    {
        static string Record(string body, string attributes) =>
            $$"""{"timeUnixNano":"{{OtlpRequests.BaseTimeUnixNano}}","severityNumber":9,"body":{"stringValue":"{{body}}"},"attributes":[{{attributes}}]}""";
        var records = string.Join(',',
            Record($"{tag}-good-1", """{"key":"event.value","value":{"doubleValue":1.5}}"""),
            Record($"{tag}-poison", $$$"""{"key":"event.value","value":{"doubleValue":"{{{value}}}"}},{"key":"ratio","value":{"doubleValue":"{{{value}}}"}}"""),
            Record($"{tag}-good-2", string.Empty));
        var json = $$$"""{"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"checkout"}}]},"scopeLogs":[{"logRecords":[{{{records}}}]}]}]}""";
        return new StringContent(json, Encoding.UTF8, "application/json");
    }
}
