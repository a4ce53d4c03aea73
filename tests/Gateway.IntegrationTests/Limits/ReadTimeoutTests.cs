using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Gateway.Otlp.Proto.Collector.Logs.V1;
using Gateway.Testing;
using Gateway.Testing.Diagnostics;
using Grpc.Net.Client;
using static Gateway.Testing.Otlp.OtlpRequests;

namespace Gateway.IntegrationTests.Limits;

/// <summary>
/// read_timeout: a client trickling its body at 300 bytes/s (faster than Kestrel's minimum data rate, so Kestrel
/// alone never stops it) loses its request slot after the timeout, is answered 408 (HTTP) or cut off (gRPC) and
/// counted, and good requests waiting for that slot then go through; their records are delivered exactly once.
/// </summary>
public sealed class ReadTimeoutTests
{
    private const string Yaml = """
        receivers:
          otlp:
            protocols:
              grpc:
                endpoint: 127.0.0.1:0
                max_concurrent_requests: 1
                read_timeout: 1s
              http:
                endpoint: 127.0.0.1:0
                max_concurrent_requests: 1
                read_timeout: 1s
        """ + "\n" + TestGateway.FileExporterYaml;

    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task AnHttpBodyTrickledPastReadTimeoutGets408AndFreesItsSlotForGoodRequests()
    {
        using var counters = new MetricRecorder();
        await using var gateway = await TestGateway.StartAsync(Yaml);
        using var socket = new TcpClient();
        await socket.ConnectAsync(IPAddress.Loopback, gateway.HttpEndpoint.Port);
        var stream = socket.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes("POST /v1/logs HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/x-protobuf\r\nContent-Length: 100000\r\n\r\n"));
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource(Bound);
        var trickling = TrickleAsync(stream, stop.Token);
        var (answer, _) = await RawConnection.ReadUntilClosedAsync(stream, stop.Token);
        var cutAfter = clock.Elapsed;
        await stop.CancelAsync();
        await trickling;

        Assert.StartsWith("HTTP/1.1 408", answer, StringComparison.Ordinal);
        Assert.Contains("read_timeout", answer, StringComparison.Ordinal);
        Assert.True(cutAfter < TimeSpan.FromSeconds(5), $"cut after {cutAfter}, before Kestrel's own 5 s grace could have");
        Assert.True(counters.Sum("otelcol_receiver_refused_requests", "transport", "http", "reason", "read_timeout") >= 1);
        await AssertGoodRecordsGoThroughAsync(gateway);
    }

    [Fact]
    public async Task AGrpcMessageTrickledPastReadTimeoutIsCutOffAndFreesItsSlotForGoodCalls()
    {
        using var counters = new MetricRecorder();
        await using var gateway = await TestGateway.StartAsync(Yaml);
        using var raw = new HttpClient();
        var frame = new byte[5];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), 100_000);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(gateway.GrpcEndpoint, "opentelemetry.proto.collector.logs.v1.LogsService/Export"))
        {
            Content = new TricklingContent(frame, "application/grpc"),
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        var clock = Stopwatch.StartNew();

        var outcome = await Xunit.Record.ExceptionAsync(async () =>
        {
            using var response = await raw.SendAsync(request).WaitAsync(Bound);
            await response.Content.ReadAsByteArrayAsync();
            Assert.Fail($"the trickled call was answered {response.StatusCode} grpc-status {string.Join(",", response.TrailingHeaders.TryGetValues("grpc-status", out var s) ? s : [])}");
        });

        Assert.IsAssignableFrom<HttpRequestException>(outcome);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"cut after {clock.Elapsed}");
        Assert.True(counters.Sum("otelcol_receiver_refused_requests", "transport", "grpc", "reason", "read_timeout") >= 1);
        using var channel = GrpcChannel.ForAddress(gateway.GrpcEndpoint);
        await new LogsService.LogsServiceClient(channel).ExportAsync(Logs(Record("grpc good")));
        await AssertGoodRecordsGoThroughAsync(gateway, alreadySent: "grpc good");
    }

    private static async Task TrickleAsync(NetworkStream stream, CancellationToken stop)
    {
        var filler = new byte[TricklingContent.BytesPerTick];
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await stream.WriteAsync(filler, stop);
                await Task.Delay(100, stop);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            // The gateway closed the connection, or the test is done.
        }
    }

    /// <summary>Good requests sent after the trickler lost its slot get 200 and their records are delivered once.</summary>
    private static async Task AssertGoodRecordsGoThroughAsync(TestGateway gateway, string? alreadySent = null)
    {
        using var http = new HttpClient();
        for (var i = 0; i < 3; i++)
        {
            using var response = await http.PostAsync(gateway.HttpLogsEndpoint, ProtobufContent(Logs(Record($"http good {i}"))));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var expected = alreadySent is null ? 3 : 4;
        await gateway.WaitForEnvelopesAsync(expected);
        await gateway.Host.StopAsync(TimeSpan.FromSeconds(10));
        var messages = (await gateway.ReadEnvelopesAsync()).Select(e => e.GetProperty("message").GetString()).ToList();
        Assert.Equal(expected, messages.Count);
        Assert.Equal(expected, messages.Distinct().Count());
    }
}
