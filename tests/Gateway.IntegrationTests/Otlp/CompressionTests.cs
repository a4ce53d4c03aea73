using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Gateway.Otlp.Compression;
using Gateway.Otlp.Proto.Collector.Logs.V1;
using Gateway.Testing;
using Gateway.Testing.Diagnostics;
using Gateway.Testing.Otlp;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Exporter;
using static Gateway.Testing.Otlp.OtlpRequests;

namespace Gateway.IntegrationTests.Otlp;

/// <summary>
/// Every compression an agent collector or SDK may send, through the real host: bodies and messages encoded by each
/// codec's own encoder are accepted, and bombs, cut-off and damaged bodies are refused, named and counted while
/// valid requests alongside lose nothing.
/// </summary>
public sealed class CompressionTests
{
    private const string SmallLimitYaml = """
        receivers:
          otlp:
            protocols:
              grpc:
                endpoint: 127.0.0.1:0
                max_request_body_size: 64KiB
              http:
                endpoint: 127.0.0.1:0
                max_request_body_size: 64KiB
        """ + "\n" + TestGateway.FileExporterYaml;

    private static readonly HttpClient Client = new();

    // 4 MiB of one character: within the 64KiB limit compressed (by each codec's fastest level), 64 times it once inflated.
    private static readonly byte[] Bomb = Logs(Record(new string('x', 4 * 1024 * 1024))).ToByteArray();

    [Fact]
    public async Task BodiesInEveryAcceptedEncodingAreDelivered()
    {
        await using var gateway = await TestGateway.StartAsync();
        foreach (var encoding in Codecs.HttpEncodings)
        {
            var body = Codecs.Encode(encoding, Logs(Record(encoding, Attr("padding", new string('p', 4096)))).ToByteArray());
            using var response = await Client.PostAsync(gateway.HttpLogsEndpoint, Content(body, encoding));
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{encoding}: {response.StatusCode} {await OtlpResponses.ErrorMessageAsync(response)}");
        }

        using var json = await Client.PostAsync(gateway.HttpLogsEndpoint, Content(Codecs.Encode("zstd", Encoding.UTF8.GetBytes("""{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"body":{"stringValue":"zstd json"}}]}]}]}""")), "zstd", "application/json"));
        Assert.Equal(HttpStatusCode.OK, json.StatusCode);

        var messages = (await gateway.WaitForEnvelopesAsync(Codecs.HttpEncodings.Length + 1)).Select(e => e.GetProperty("message").GetString()).ToHashSet();
        Assert.Equal([.. Codecs.HttpEncodings.Append("zstd json").Order(StringComparer.Ordinal)], messages.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task HostileBodiesInEveryEncodingAreRefusedNamedAndCountedWhileValidOnesAlongsideLoseNothing()
    {
        using var counters = new MetricRecorder();
        await using var gateway = await TestGateway.StartAsync(SmallLimitYaml);
        var valid = Logs(Record("valid", Attr("padding", new string('p', 2000)))).ToByteArray();
        var hostile = new List<(string What, byte[] Body, string Encoding, HttpStatusCode Expected, string Says)>();
        foreach (var encoding in Codecs.HttpEncodings)
        {
            var encoded = Codecs.Encode(encoding, valid);
            hostile.Add(("bomb", Codecs.Encode(encoding, Bomb), encoding, HttpStatusCode.RequestEntityTooLarge, "counted after decompression"));
            hostile.Add(("cut short", Codecs.Truncated(encoded, encoded.Length / 2), encoding, HttpStatusCode.BadRequest, $"not valid {Codecs.Named(encoding)}"));
            hostile.Add(("damaged", Codecs.Corrupted(encoding, encoded), encoding, HttpStatusCode.BadRequest, $"not valid {Codecs.Named(encoding)}"));
        }

        var refused = new List<Task<HttpResponseMessage>>();
        var alongside = new List<Task<HttpResponseMessage>>();
        foreach (var request in hostile)
        {
            refused.Add(Client.PostAsync(gateway.HttpLogsEndpoint, Content(request.Body, request.Encoding)));
            alongside.Add(Client.PostAsync(gateway.HttpLogsEndpoint, Content(Codecs.Encode(request.Encoding, valid), request.Encoding)));
        }

        var answers = await Task.WhenAll(refused);
        for (var i = 0; i < hostile.Count; i++)
        {
            var (what, _, encoding, expected, says) = hostile[i];
            var message = await OtlpResponses.ErrorMessageAsync(answers[i]);
            Assert.True(answers[i].StatusCode == expected, $"{encoding} {what}: {answers[i].StatusCode} {message}");
            Assert.True(message.Contains(says, StringComparison.Ordinal), $"{encoding} {what}: {message}");
        }

        Assert.All(await Task.WhenAll(alongside), r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var envelopes = await gateway.WaitForEnvelopesAsync(hostile.Count);
        Assert.Equal(hostile.Count, envelopes.Count);
        Assert.All(envelopes, e => Assert.Equal("valid", e.GetProperty("message").GetString()));
        Assert.True(counters.Sum("otelcol_receiver_refused_requests", "transport", "http", "reason", "max_request_body_size") >= Codecs.HttpEncodings.Length);
        Assert.True(counters.Sum("otelcol_receiver_refused_requests", "transport", "http", "reason", "bad_request") >= 2 * Codecs.HttpEncodings.Length);
    }

    [Fact]
    public async Task AnUnknownContentEncodingIs415NamingTheAcceptedOnesAndCounted()
    {
        using var counters = new MetricRecorder();
        await using var gateway = await TestGateway.StartAsync();

        using var response = await Client.PostAsync(gateway.HttpLogsEndpoint, Content(Logs(Record("br")).ToByteArray(), "br"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Contains("unsupported Content-Encoding 'br': send gzip, zstd, deflate (zlib), snappy, x-snappy-framed, lz4", await OtlpResponses.ErrorMessageAsync(response), StringComparison.Ordinal);
        Assert.Equal("gzip, zstd, deflate, snappy, x-snappy-framed, lz4", string.Join(", ", response.Headers.GetValues("Accept-Encoding")));
        Assert.True(counters.Sum("otelcol_receiver_refused_requests", "transport", "http", "reason", "unsupported_content_encoding") >= 1);
        Assert.Empty(await gateway.ReadEnvelopesAsync());
    }

    [Fact]
    public async Task TheEventsApiOnTheSamePortReadsEveryEncodingAndRefusesAnUnknownOneAlike()
    {
        await using var gateway = await TestGateway.StartAsync();
        for (var i = 0; i < Codecs.HttpEncodings.Length; i++)
        {
            var encoding = Codecs.HttpEncodings[i];
            var body = Codecs.Encode(encoding, Encoding.UTF8.GetBytes($$"""{"name": "compressed.{{i}}"}"""));
            using var response = await Client.PostAsync(Events.EventsApi.Endpoint(gateway), Content(body, encoding, "application/json"));
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{encoding}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        using var unknown = await Client.PostAsync(Events.EventsApi.Endpoint(gateway), Content(Encoding.UTF8.GetBytes("""{"name": "event.br"}"""), "br", "application/json"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, unknown.StatusCode);
        Assert.Equal("gzip, zstd, deflate, snappy, x-snappy-framed, lz4", string.Join(", ", unknown.Headers.GetValues("Accept-Encoding")));
        var names = (await gateway.WaitForEnvelopesAsync(Codecs.HttpEncodings.Length)).Select(e => e.GetProperty("name").GetString());
        Assert.Equal(Enumerable.Range(0, Codecs.HttpEncodings.Length).Select(i => $"compressed.{i}").Order(StringComparer.Ordinal), names.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("zstd")]
    [InlineData("deflate")]
    public async Task GrpcMessagesCompressedByTheGrpcClientAreDelivered(string encoding)
    {
        await using var gateway = await TestGateway.StartAsync();
        using var channel = GrpcChannel.ForAddress(gateway.GrpcEndpoint, new GrpcChannelOptions { CompressionProviders = OtlpCompressionProvider.All(1024 * 1024) });
        var client = new LogsService.LogsServiceClient(channel);

        await client.ExportAsync(Logs(Record(encoding, Attr("padding", new string('p', 4096)))), new Metadata { { "grpc-internal-encoding-request", encoding } });

        Assert.Equal(encoding, Assert.Single(await gateway.WaitForEnvelopesAsync(1)).GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("zstd")]
    [InlineData("deflate")]
    public async Task HostileGrpcMessagesAreRefusedWithTheirStatusNamedAndCountedWhileValidCallsAlongsideLoseNothing(string encoding)
    {
        using var counters = new MetricRecorder();
        await using var gateway = await TestGateway.StartAsync(SmallLimitYaml);
        var valid = Logs(Record("valid")).ToByteArray();
        var encoded = Codecs.Encode(encoding, valid);
        var alongside = Enumerable.Range(0, 3).Select(_ => RawGrpcCall.SendAsync(gateway.GrpcEndpoint, Codecs.Encode(encoding, valid), encoding)).ToList();

        var bomb = await RawGrpcCall.SendAsync(gateway.GrpcEndpoint, Codecs.Encode(encoding, Bomb), encoding);
        var cut = await RawGrpcCall.SendAsync(gateway.GrpcEndpoint, Codecs.Truncated(encoded, -3), encoding);
        var damaged = await RawGrpcCall.SendAsync(gateway.GrpcEndpoint, Codecs.Corrupted(encoding, encoded), encoding);

        Assert.True(cut.Status == "3", $"{cut.Status} {cut.Message}");
        Assert.True(damaged.Status == "3", $"{damaged.Status} {damaged.Message}");
        Assert.Equal(("3", true), (cut.Status, cut.Message.Contains($"the message is not valid {Codecs.Named(encoding)}", StringComparison.Ordinal)));
        Assert.Equal(("3", true), (damaged.Status, damaged.Message.Contains($"the message is not valid {Codecs.Named(encoding)}", StringComparison.Ordinal)));
        Assert.Equal(("8", true), (bomb.Status, bomb.Message.Contains("larger than max_request_body_size (65536 bytes) once decompressed", StringComparison.Ordinal)));
        Assert.All(await Task.WhenAll(alongside), o => Assert.Equal("0", o.Status));
        Assert.Equal(3, (await gateway.WaitForEnvelopesAsync(3)).Count);
        Assert.True(counters.Sum("otelcol_receiver_refused_requests", "transport", "grpc", "reason", "max_request_body_size") >= 1);
        Assert.True(counters.Sum("otelcol_receiver_refused_requests", "transport", "grpc", "reason", "bad_request") >= 2);
    }

    [Fact]
    public async Task AGrpcEncodingTheGatewayCannotDecodeIsUnimplementedNamingTheAcceptedOnesAndCounted()
    {
        using var counters = new MetricRecorder();
        await using var gateway = await TestGateway.StartAsync();

        var outcome = await RawGrpcCall.SendAsync(gateway.GrpcEndpoint, Codecs.Encode("snappy", Logs(Record("snappy")).ToByteArray()), "snappy");

        Assert.Equal("12", outcome.Status);
        Assert.Contains("Supported encodings: identity, gzip, zstd, deflate", outcome.Message, StringComparison.Ordinal);
        Assert.Equal("identity,gzip,zstd,deflate", outcome.AcceptEncoding);
        Assert.True(counters.Sum("otelcol_receiver_refused_requests", "transport", "grpc", "reason", "unsupported_content_encoding") >= 1);
    }

    [Theory]
    [InlineData(OtlpExportProtocol.Grpc)]
    [InlineData(OtlpExportProtocol.HttpProtobuf)]
    public async Task TheDotnetSdkWithGzipCompressionDeliversAndCompressedWhatItSent(OtlpExportProtocol protocol)
    {
        await using var gateway = await TestGateway.StartAsync();
        var sent = new SentHeaders();
        using (var client = OtelLogClient.Create(protocol == OtlpExportProtocol.Grpc ? gateway.GrpcEndpoint : gateway.HttpEndpoint, protocol, compression: "gzip",
            configure: exporter => exporter.HttpClientFactory = () => new HttpClient(sent)))
        {
            var logger = client.CreateLogger("Shop.Checkout");
            if (logger.IsEnabled(LogLevel.Information)) logger.LogInformation("compressed by the SDK {padding}", new string('p', 2048));
            Assert.True(client.Flush(), "the SDK could not export to the gateway");
        }

        Assert.Contains("gzip", sent.Encodings);
        Assert.StartsWith("compressed by the SDK", Assert.Single(await gateway.WaitForEnvelopesAsync(1)).GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    private static ByteArrayContent Content(byte[] body, string encoding, string contentType = "application/x-protobuf")
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        content.Headers.ContentEncoding.Add(Codecs.Header(encoding));
        return content;
    }

    /// <summary>Notes the Content-Encoding or grpc-encoding of what the SDK sends, so the test knows it really compressed.</summary>
    private sealed class SentHeaders() : DelegatingHandler(new SocketsHttpHandler())
    {
        public System.Collections.Concurrent.ConcurrentBag<string> Encodings { get; } = [];


        // The SDK's HTTP exporter sends synchronously, its gRPC exporter asynchronously.
        protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Note(request);
            return base.Send(request, cancellationToken);
        }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Note(request);
            return base.SendAsync(request, cancellationToken);
        }

        private void Note(HttpRequestMessage request)
        {
            foreach (var value in request.Content?.Headers.ContentEncoding ?? []) Encodings.Add(value);
            if (request.Headers.TryGetValues("grpc-encoding", out var grpc)) foreach (var value in grpc) Encodings.Add(value);
        }
    }
}
