using System.Net;
using System.Text.Json;
using Gateway.Otlp.Proto.Collector.Logs.V1;
using Gateway.Otlp.Proto.Common.V1;
using Gateway.Testing;
using Gateway.Testing.Diagnostics;
using Gateway.Testing.Otlp;
using Google.Protobuf;
using static Gateway.Testing.Otlp.OtlpRequests;

namespace Gateway.IntegrationTests.Exporters;

/// <summary>
/// The otlp and otlp_http exporters through real hosts on loopback: a gateway behind a gateway writes the very
/// envelopes the first one makes, and the destination's answers are honoured (retry delays, permanent refusals,
/// partial success).
/// </summary>
public sealed class OtlpExporterTests
{
    private static readonly HttpClient Client = new();

    [Theory]
    [InlineData("otlp", "gzip")]
    [InlineData("otlp", "zstd")]
    [InlineData("otlp", "none")]
    [InlineData("otlp_http", "gzip")]
    [InlineData("otlp_http", "zstd")]
    [InlineData("otlp_http", "none")]
    [InlineData("otlp_http", "gzip\n    encoding: json")]
    public async Task AGatewayBehindAGatewayWritesTheSameEnvelopesAsTheFirst(string type, string compression)
    {
        await using var second = await TestGateway.StartAsync();
        var endpoint = type == "otlp" ? $"{second.GrpcEndpoint.Authority}\n    tls: {{ insecure: true }}" : second.HttpEndpoint.ToString().TrimEnd('/');
        await using var first = await TestGateway.StartAsync($$"""
            exporters:
              file:
                path: {dir}/events.ndjson
                batch: { max_wait: 10ms }
              {{type}}/next:
                endpoint: {{endpoint}}
                compression: {{compression}}
                batch: { max_wait: 10ms }
            """);

        using var response = await Client.PostAsync(first.HttpLogsEndpoint, ProtobufContent(RichRequest()));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var expected = await first.WaitForEnvelopesAsync(RecordCount);
        var forwarded = await second.WaitForEnvelopesAsync(RecordCount);
        Assert.Equal(expected.Select(e => e.GetRawText()).Order(StringComparer.Ordinal), forwarded.Select(e => e.GetRawText()).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("otlp")]
    [InlineData("otlp_http")]
    public async Task UnavailableAndThrottledAnswersAreRetriedAfterTheDelayTheDestinationAsksFor(string type)
    {
        await using var destination = await OtlpDouble.StartAsync();
        destination.Script(OtlpScriptedAnswer.Unavailable(TimeSpan.FromSeconds(2)), OtlpScriptedAnswer.Throttled(TimeSpan.FromSeconds(1)));
        await using var gateway = await TestGateway.StartAsync(ExporterYaml(type, destination));

        await SendAsync(gateway, Record("retried"));

        await Eventually.TrueAsync(() => destination.Received.Count >= 3, "the third attempt");
        var attempts = destination.Received;
        Assert.Equal([false, false, true], attempts.Select(a => a.Answer is null));
        Assert.InRange((attempts[1].At - attempts[0].At).TotalSeconds, 1.8, 10);
        Assert.InRange((attempts[2].At - attempts[1].At).TotalSeconds, 0.8, 10);
        Assert.All(attempts, a => Assert.Equal("retried", a.Request.ResourceLogs[0].ScopeLogs[0].LogRecords[0].Body.StringValue));
        await Task.Delay(300);
        Assert.Equal(3, destination.Received.Count);
        Assert.False(File.Exists(Path.Combine(gateway.Directory, "dead-letter.ndjson")), "nothing dead-lettered");
    }

    [Theory]
    [InlineData("otlp")]
    [InlineData("otlp_http")]
    public async Task APermanentRefusalIsNotRetriedAndTheBatchIsDeadLetteredWithTheDestinationsMessage(string type)
    {
        await using var destination = await OtlpDouble.StartAsync();
        destination.Script(OtlpScriptedAnswer.BadRequest("log record 0: attribute values must be scalar"));
        await using var gateway = await TestGateway.StartAsync(ExporterYaml(type, destination));

        await SendAsync(gateway, Record("refused"));

        var deadLettered = await gateway.WaitForEnvelopesAsync(1, "dead-letter.ndjson");
        var entry = Assert.Single(deadLettered);
        Assert.Contains("log record 0: attribute values must be scalar", entry.GetRawText(), StringComparison.Ordinal);
        await SendAsync(gateway, Record("after"));
        await Eventually.TrueAsync(() => destination.Received.Count >= 2, "the next batch");
        Assert.Equal(["refused", "after"], destination.Received.Select(r => r.Request.ResourceLogs[0].ScopeLogs[0].LogRecords[0].Body.StringValue));
    }

    [Theory]
    [InlineData("otlp")]
    [InlineData("otlp_http")]
    public async Task RecordsRejectedInAPartialSuccessAreCountedAndTheRestIsDelivered(string type)
    {
        using var counters = new MetricRecorder();
        await using var destination = await OtlpDouble.StartAsync();
        destination.Script(OtlpScriptedAnswer.Partial(1, "log record 1: trace_id has 3 bytes"));
        await using var gateway = await TestGateway.StartAsync(ExporterYaml(type, destination));

        await SendAsync(gateway, Record("a"), Record("b"));

        await Eventually.TrueAsync(() => counters.Sum("gateway_exporter_rejected_log_records", "exporter", $"{type}/next") >= 1, "the rejected record counted");
        Assert.Single(destination.Received);
        Assert.False(File.Exists(Path.Combine(gateway.Directory, "dead-letter.ndjson")), "a partial success is not retried or dead-lettered");
    }

    [Fact]
    public async Task HeadersAndTheCompressionReachTheDestination()
    {
        await using var destination = await OtlpDouble.StartAsync();
        await using var gateway = await TestGateway.StartAsync(ExporterYaml("otlp_http", destination, "compression: zstd\n    headers: { x-api-key: secret-1 }"));

        await SendAsync(gateway, Record("with headers"));

        await Eventually.TrueAsync(() => destination.Received.Count >= 1, "the request");
        Assert.Equal("zstd", destination.Received[0].Encoding);
    }

    private const int RecordCount = 4;

    private static ExportLogsServiceRequest RichRequest()
    {
        var traced = Record("Charge failed", Attr("session.id", "sess-1"), Attr("user.id", "u-42"), Attr("exception.type", "CardError"),
            Attr("exception.stacktrace", "at Pay()"), Attr("tags.region", "eu"), Attr("ctx.order.id", "ord-1"), Attr("attempts", 3L), Attr("code.lineno", 17L));
        traced.TraceId = Hex("4bf92f3577b34da6a3ce929d0e0e4736");
        traced.SpanId = Hex("00f067aa0ba902b7");
        traced.SeverityNumber = Gateway.Otlp.Proto.Logs.V1.SeverityNumber.Error;
        traced.EventName = "payment.failed";
        var structured = Record("", Attr("bytes", new AnyValue { BytesValue = ByteString.CopyFrom(1, 2, 3) }), Attr("ratio", 0.25));
        structured.Body = new AnyValue { KvlistValue = new KeyValueList { Values = { Attr("order", "o-1"), Attr("total", 12L) } } };
        var request = Logs([traced, structured, Record("plain", Attr("actor.type", "bot"), Attr("scope.id", "t-1"))],
            [Attr("service.name", "checkout"), Attr("service.version", "1.2"), Attr("deployment.environment.name", "prod"), Attr("host.name", "web-1")]);
        request.ResourceLogs.Add(Logs([Record("other service")], [Attr("service.name", "billing")], scopeName: "").ResourceLogs[0]);
        return request;
    }

    private static string ExporterYaml(string type, OtlpDouble destination, string extra = "compression: gzip") => $$"""
        exporters:
          {{type}}/next:
            endpoint: {{(type == "otlp" ? destination.GrpcEndpoint : destination.HttpEndpoint).ToString().TrimEnd('/')}}
            {{extra}}
            batch: { max_wait: 10ms }
            retry: { initial_interval: 50ms, max_interval: 100ms }
        service:
          dead_letter: { path: "{dir}/dead-letter.ndjson" }
        """;

    private static async Task SendAsync(TestGateway gateway, params Gateway.Otlp.Proto.Logs.V1.LogRecord[] records)
    {
        using var response = await Client.PostAsync(gateway.HttpLogsEndpoint, ProtobufContent(Logs(records)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
