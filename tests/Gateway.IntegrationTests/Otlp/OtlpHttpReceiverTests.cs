using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Gateway.Otlp.Proto.Collector.Logs.V1;
using Gateway.Testing;
using Gateway.Testing.Otlp;
using Google.Protobuf;
using static Gateway.Testing.Otlp.OtlpRequests;

namespace Gateway.IntegrationTests.Otlp;

/// <summary>Hand-made OTLP/HTTP requests against the real gateway: encodings, compression and every refusal.</summary>
public sealed class OtlpHttpReceiverTests
{
    private const string SmallLimitYaml = """
        receivers:
          otlp:
            protocols:
              http:
                endpoint: 127.0.0.1:0
                max_request_body_size: 64KiB
        """ + "\n" + TestGateway.FileExporterYaml;

    private const string JsonRequest = """
        {"resourceLogs":[{"resource":{"attributes":[
            {"key":"service.name","value":{"stringValue":"checkout"}},
            {"key":"deployment.environment.name","value":{"stringValue":"production"}},
            {"key":"host.name","value":{"stringValue":"web-1"}}]},
          "scopeLogs":[{"scope":{"name":"Shop.Checkout"},"logRecords":[{
            "timeUnixNano":"1795000000123456789","severityNumber":9,"severityText":"Information","eventName":"order.placed",
            "traceId":"4BF92F3577B34DA6A3CE929D0E0E4736","spanId":"00f067aa0ba902b7","body":{"stringValue":"Order placed"},
            "attributes":[{"key":"ctx.order.id","value":{"stringValue":"ord-1"}},{"key":"total_cents","value":{"intValue":"12999"}},
                          {"key":"user.id","value":{"stringValue":"u-42"}},{"key":"tags.region","value":{"stringValue":"eu"}}]}]}]}]}
        """;

    private static readonly HttpClient Client = new();

    [Fact]
    public async Task AnOtlpJsonRequestIsAcceptedAnsweredInJsonAndMappedFieldByField()
    {
        await using var gateway = await TestGateway.StartAsync();
        using var response = await Client.PostAsync(gateway.HttpLogsEndpoint, new StringContent(JsonRequest, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        using (var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync()))
        {
            Assert.Empty(answer.RootElement.EnumerateObject()); // no partialSuccess: everything was accepted
        }

        var envelope = Assert.Single(await gateway.WaitForEnvelopesAsync(1));
        Assert.Equal("order.placed", envelope.GetProperty("name").GetString());
        Assert.Equal("info", envelope.GetProperty("level").GetString());
        Assert.Equal(9, envelope.GetProperty("severityNumber").GetInt32());
        Assert.Equal("Information", envelope.GetProperty("severityText").GetString());
        Assert.EndsWith(".123456789Z", envelope.GetProperty("time").GetString(), StringComparison.Ordinal);
        Assert.Equal("checkout", envelope.GetProperty("service").GetString());
        Assert.Equal("production", envelope.GetProperty("environment").GetString());
        Assert.Equal("4bf92f3577b34da6a3ce929d0e0e4736", envelope.GetProperty("traceId").GetString());
        Assert.Equal("00f067aa0ba902b7", envelope.GetProperty("spanId").GetString());
        Assert.Equal("4bf92f3577b34da6a3ce929d0e0e4736", envelope.GetProperty("sessionId").GetString());
        Assert.Equal("u-42", envelope.GetProperty("actor").GetProperty("id").GetString());
        Assert.Equal("eu", envelope.GetProperty("tags").GetProperty("region").GetString());
        Assert.Equal("ord-1", envelope.GetProperty("attributes").GetProperty("ctx.order.id").GetString());
        Assert.Equal(12999, envelope.GetProperty("attributes").GetProperty("total_cents").GetInt64());
        Assert.Equal("Order placed", envelope.GetProperty("message").GetString());
        Assert.Equal("web-1", envelope.GetProperty("resource").GetProperty("host.name").GetString());
    }

    [Fact]
    public async Task WithoutAnEnvironmentInTheResourceTheConfiguredDefaultFromTheEnvironmentVariableApplies()
    {
        var yaml = "envelope:\n  default_environment: ${env:GW_TEST_ENVIRONMENT:-development}\n" + TestGateway.FileExporterYaml;
        await using var gateway = await TestGateway.StartAsync(yaml, environment: new Dictionary<string, string> { ["GW_TEST_ENVIRONMENT"] = "qa" });
        using var response = await Client.PostAsync(gateway.HttpLogsEndpoint, Protobuf(Logs(Record("no environment")).ToByteArray()));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("qa", Assert.Single(await gateway.WaitForEnvelopesAsync(1)).GetProperty("environment").GetString());
    }

    [Fact]
    public async Task TheSameRecordAsJsonAndAsProtobufGetsTheSameId()
    {
        await using var gateway = await TestGateway.StartAsync();
        using var json = await Client.PostAsync(gateway.HttpLogsEndpoint, new StringContent(JsonRequest, Encoding.UTF8, "application/json"));
        var request = Gateway.Otlp.Json.OtlpJsonReader.Parse(Encoding.UTF8.GetBytes(JsonRequest)).Request;
        using var protobuf = await Client.PostAsync(gateway.HttpLogsEndpoint, Protobuf(request.ToByteArray()));

        var envelopes = await gateway.WaitForEnvelopesAsync(2);
        Assert.Equal(envelopes[0].GetProperty("id").GetString(), envelopes[1].GetProperty("id").GetString());
    }

    [Theory]
    [InlineData("application/x-protobuf")]
    [InlineData("application/json")]
    public async Task AGzipBodyIsInflated(string contentType)
    {
        await using var gateway = await TestGateway.StartAsync();
        var body = contentType == "application/json" ? Encoding.UTF8.GetBytes(JsonRequest) : Logs(Record("gzipped")).ToByteArray();
        using var content = new ByteArrayContent(Gzip(body));
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        content.Headers.ContentEncoding.Add("gzip");

        using var response = await Client.PostAsync(gateway.HttpLogsEndpoint, content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType!.MediaType);
        var envelope = Assert.Single(await gateway.WaitForEnvelopesAsync(1));
        Assert.Equal(contentType == "application/json" ? "Order placed" : "gzipped", envelope.GetProperty("message").GetString());
    }

    [Fact]
    public async Task InvalidRecordsAreReportedAsPartialSuccessInProtobufAndTheRestDelivered()
    {
        await using var gateway = await TestGateway.StartAsync();
        var bad = Record("bad");
        bad.TraceId = ByteString.CopyFrom(1, 2, 3);
        using var response = await Client.PostAsync(gateway.HttpLogsEndpoint, Protobuf(Logs(Record("good"), bad).ToByteArray()));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = ExportLogsServiceResponse.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(1, answer.PartialSuccess.RejectedLogRecords);
        Assert.Contains("log record 1: trace_id has 3 bytes", answer.PartialSuccess.ErrorMessage, StringComparison.Ordinal);
        var envelope = Assert.Single(await gateway.WaitForEnvelopesAsync(1));
        Assert.Equal("good", envelope.GetProperty("message").GetString());
    }

    [Fact]
    public async Task InvalidRecordsAreReportedAsPartialSuccessInJson()
    {
        await using var gateway = await TestGateway.StartAsync();
        var json = JsonRequest.Replace("00f067aa0ba902b7", "00f067aa", StringComparison.Ordinal);
        using var response = await Client.PostAsync(gateway.HttpLogsEndpoint, new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var partial = answer.RootElement.GetProperty("partialSuccess");
        Assert.Equal("1", partial.GetProperty("rejectedLogRecords").GetString());
        Assert.Contains("span_id has 4 bytes", partial.GetProperty("errorMessage").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadRequestsGetTheCollectorsStatusesWhileValidOnesSentAlongsideLoseNothing()
    {
        await using var gateway = await TestGateway.StartAsync(SmallLimitYaml);
        var endpoint = gateway.HttpLogsEndpoint;
        var valid = Logs(Record("valid")).ToByteArray();
        var truncated = Logs(Record("truncated", Attr("k", new string('x', 200)))).ToByteArray()[..^10];
        var oversized = Logs(Record(new string('x', 100 * 1024))).ToByteArray();
        var bomb = Gzip(new byte[64 * 1024 * 1024]);

        var bad = new (Func<Task<HttpResponseMessage>> Send, HttpStatusCode Expected, string Says)[]
        {
            (() => Client.PostAsync(endpoint, Protobuf(truncated)), HttpStatusCode.BadRequest, "not a valid protobuf"),
            (() => Client.PostAsync(endpoint, new StringContent("{\"resourceLogs\":[", Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest, "invalid JSON"),
            (() => Client.PostAsync(endpoint, new StringContent("hello", Encoding.UTF8, "text/plain")), HttpStatusCode.UnsupportedMediaType, "application/x-protobuf, application/json"),
            (() => Client.GetAsync(endpoint), HttpStatusCode.MethodNotAllowed, "takes POST"),
            (() => Client.PostAsync(endpoint, Protobuf(oversized)), HttpStatusCode.RequestEntityTooLarge, "max_request_body_size"),
            (() => Client.PostAsync(endpoint, Protobuf(bomb, "gzip")), HttpStatusCode.RequestEntityTooLarge, "after decompression"),
            (() => Client.PostAsync(endpoint, Protobuf(valid[..20], "gzip")), HttpStatusCode.BadRequest, "not valid gzip"),
            (() => Client.PostAsync(endpoint, Protobuf(Gzip(valid)[..^4], "gzip")), HttpStatusCode.BadRequest, "truncated or corrupt"),
            (() => Client.PostAsync(endpoint, Protobuf(valid, "br")), HttpStatusCode.UnsupportedMediaType, "unsupported Content-Encoding 'br': send gzip, zstd"),
        };

        var validSends = new List<Task<HttpResponseMessage>>();
        var badSends = new List<Task<HttpResponseMessage>>();
        foreach (var request in bad)
        {
            badSends.Add(request.Send());
            validSends.Add(Client.PostAsync(endpoint, Protobuf(valid)));
        }

        var badResponses = await Task.WhenAll(badSends);
        for (var i = 0; i < bad.Length; i++)
        {
            Assert.Equal(bad[i].Expected, badResponses[i].StatusCode);
            Assert.Contains(bad[i].Says, await OtlpResponses.ErrorMessageAsync(badResponses[i]), StringComparison.Ordinal);
        }

        Assert.All(await Task.WhenAll(validSends), r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var envelopes = await gateway.WaitForEnvelopesAsync(bad.Length);
        Assert.Equal(bad.Length, envelopes.Count);
        Assert.All(envelopes, e => Assert.Equal("valid", e.GetProperty("message").GetString()));
        Assert.Equal("POST", badResponses[3].Content.Headers.Allow.Single());
    }

    [Theory]
    [InlineData("v1/traces")]
    [InlineData("v1/metrics")]
    public async Task OtherSignalsAreNotFound(string path)
    {
        await using var gateway = await TestGateway.StartAsync();
        using var response = await Client.PostAsync(new Uri(gateway.HttpEndpoint, path), Protobuf([]));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("logs only", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static ByteArrayContent Protobuf(byte[] body, string? encoding = null)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        if (encoding is not null) content.Headers.ContentEncoding.Add(encoding);
        return content;
    }

    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize)) gzip.Write(data);
        return output.ToArray();
    }
}
