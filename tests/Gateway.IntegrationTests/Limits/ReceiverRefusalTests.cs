using System.Net;
using System.Text;
using Gateway.Testing;
using Gateway.Testing.Diagnostics;
using Gateway.Testing.Pipeline;
using Microsoft.Extensions.Logging;
using static Gateway.Testing.Otlp.OtlpRequests;

namespace Gateway.IntegrationTests.Limits;

/// <summary>
/// Nothing is refused quietly: every answer other than success, on either port, is counted in
/// otelcol_receiver_refused_requests with its reason and logged as a warning (once per reason per 10 s), while good
/// records sent alongside are delivered exactly once.
/// </summary>
public sealed class ReceiverRefusalTests
{
    [Fact]
    public async Task EveryRefusalIsCountedWithItsReasonAndLoggedOncePerReasonWhileGoodRecordsAreDeliveredOnce()
    {
        using var counters = new MetricRecorder();
        using var logs = new LogRecorder();
        await using var gateway = await TestGateway.StartAsync(TestGateway.FileExporterYaml, logs: logs);
        using var http = new HttpClient();

        Assert.Equal(HttpStatusCode.OK, await SendAsync(http, gateway, ProtobufContent(Logs(Record("good 1"), Record("good 2")))));
        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.UnsupportedMediaType, await SendAsync(http, gateway, new StringContent("{}", Encoding.UTF8, "text/plain")));
        Assert.Equal(HttpStatusCode.BadRequest, await SendAsync(http, gateway, Bytes([0xFF, 0xFF, 0xFF], "application/x-protobuf")));
        Assert.Equal(HttpStatusCode.NotFound, await SendAsync(http, gateway, ProtobufContent(Logs(Record("to traces"))), "v1/traces"));
        Assert.Equal(HttpStatusCode.NotFound, await SendAsync(http, gateway, ProtobufContent(Logs(Record("to nowhere"))), "v2/anything"));
        using (var get = await http.GetAsync(gateway.HttpLogsEndpoint)) Assert.Equal(HttpStatusCode.MethodNotAllowed, get.StatusCode);
        Assert.Equal("12", await GrpcStatusAsync(gateway, "opentelemetry.proto.collector.trace.v1.TraceService/Export"));
        Assert.Equal(HttpStatusCode.OK, await SendAsync(http, gateway, ProtobufContent(Logs(Record("good 3")))));

        Assert.True(counters.Sum("otelcol_receiver_refused_requests", "transport", "http", "reason", "unsupported_media_type") >= 3);
        Assert.True(counters.Sum("otelcol_receiver_refused_requests", "transport", "http", "reason", "bad_request") >= 1);
        Assert.True(counters.Sum("otelcol_receiver_refused_requests", "transport", "http", "reason", "not_found") >= 2);
        Assert.True(counters.Sum("otelcol_receiver_refused_requests", "transport", "http", "reason", "method_not_allowed") >= 1);
        Assert.True(counters.Sum("otelcol_receiver_refused_requests", "transport", "grpc", "reason", "not_found") >= 1);

        var refusals = logs.Entries.Where(e => e.EventId == 1150).ToList();
        Assert.All(refusals, e => Assert.Equal(LogLevel.Warning, e.Level));
        var lines = refusals.GroupBy(e => $"{e.Fields["Transport"]}/{e.Fields["Reason"]}").ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(1, lines["http/unsupported_media_type"]);
        Assert.Equal(1, lines["http/bad_request"]);
        Assert.Equal(1, lines["http/not_found"]);
        Assert.Equal(1, lines["http/method_not_allowed"]);
        Assert.Equal(1, lines["grpc/not_found"]);
        Assert.Contains(refusals, e => e.Message.Contains("application/x-protobuf, application/json", StringComparison.Ordinal));

        var delivered = await gateway.WaitForEnvelopesAsync(3);
        await gateway.Host.StopAsync(TimeSpan.FromSeconds(10));
        delivered = await gateway.ReadEnvelopesAsync();
        Assert.Equal(["good 1", "good 2", "good 3"], delivered.Select(e => e.GetProperty("message").GetString()!).Order().ToArray());
    }

    [Fact]
    public async Task PlainJsonWithoutRecordsIsAnswered200AndLoggedNamingTheIgnoredFieldsAndTheOtlpShape()
    {
        using var counters = new MetricRecorder();
        using var logs = new LogRecorder();
        await using var gateway = await TestGateway.StartAsync(TestGateway.FileExporterYaml, logs: logs);
        using var http = new HttpClient();

        using var response = await http.PostAsync(gateway.HttpLogsEndpoint, new StringContent("""{"name":"user.signup","properties":{"plan":"pro"}}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using (var answer = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync())) Assert.Empty(answer.RootElement.EnumerateObject());
        var warning = Assert.Single(logs.Entries, e => e.EventId == 1152);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Equal("name, properties", warning.Fields["Fields"]);
        Assert.Contains("{\"resourceLogs\":[", warning.Message, StringComparison.Ordinal);
        Assert.Contains("to /v1/events", warning.Message, StringComparison.Ordinal);
        Assert.True(counters.Sum("gateway_receiver_ignored_requests", "transport", "http") >= 1);
        Assert.Equal(HttpStatusCode.OK, await SendAsync(http, gateway, ProtobufContent(Logs(Record("after")))));
        Assert.Equal("after", Assert.Single(await gateway.WaitForEnvelopesAsync(1)).GetProperty("message").GetString());
    }

    private static async Task<HttpStatusCode> SendAsync(HttpClient http, TestGateway gateway, HttpContent content, string path = "v1/logs")
    {
        using (content)
        using (var response = await http.PostAsync(new Uri(gateway.HttpEndpoint, path), content))
        {
            return response.StatusCode;
        }
    }

    private static ByteArrayContent Bytes(byte[] body, string contentType)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        return content;
    }

    /// <summary>The grpc-status of an empty unary call to <paramref name="method"/>, over HTTP/2 as a gRPC client sends it.</summary>
    private static async Task<string> GrpcStatusAsync(TestGateway gateway, string method)
    {
        using var raw = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(gateway.GrpcEndpoint, method))
        {
            Content = Bytes([0, 0, 0, 0, 0], "application/grpc"),
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        using var response = await raw.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();
        return response.Headers.TryGetValues("grpc-status", out var inHeaders) ? inHeaders.First() : response.TrailingHeaders.GetValues("grpc-status").First();
    }
}
