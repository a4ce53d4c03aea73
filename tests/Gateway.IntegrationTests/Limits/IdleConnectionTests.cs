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
/// idle_timeout on both ports: a TCP connection that sends nothing (on the gRPC port Kestrel itself never closed one),
/// and an HTTP/1.1 keep-alive connection after its request, are closed once idle for the timeout and counted; good
/// records sent meanwhile are delivered exactly once.
/// </summary>
public sealed class IdleConnectionTests
{
    private const string Yaml = """
        receivers:
          otlp:
            protocols:
              grpc:
                endpoint: 127.0.0.1:0
                idle_timeout: 1s
              http:
                endpoint: 127.0.0.1:0
                idle_timeout: 1s
        """ + "\n" + TestGateway.FileExporterYaml;

    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task SilentAndIdleConnectionsOnBothPortsAreClosedAfterIdleTimeout()
    {
        using var counters = new MetricRecorder();
        await using var gateway = await TestGateway.StartAsync(Yaml);
        using var silentGrpc = new TcpClient();
        using var silentHttp = new TcpClient();
        using var keptAlive = new TcpClient();
        var clock = Stopwatch.StartNew();
        await silentGrpc.ConnectAsync(IPAddress.Loopback, gateway.GrpcEndpoint.Port);
        await silentHttp.ConnectAsync(IPAddress.Loopback, gateway.HttpEndpoint.Port);
        await keptAlive.ConnectAsync(IPAddress.Loopback, gateway.HttpEndpoint.Port);
        var body = ProtobufBytes("kept alive");
        await keptAlive.GetStream().WriteAsync(Encoding.ASCII.GetBytes($"POST /v1/logs HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/x-protobuf\r\nContent-Length: {body.Length}\r\n\r\n").Concat(body).ToArray());

        var closed = await Task.WhenAll(ClosedAfterAsync(silentGrpc, clock), ClosedAfterAsync(silentHttp, clock), ClosedAfterAsync(keptAlive, clock));
        using (var channel = GrpcChannel.ForAddress(gateway.GrpcEndpoint)) await new LogsService.LogsServiceClient(channel).ExportAsync(Logs(Record("grpc good")));
        using (var http = new HttpClient())
        using (var response = await http.PostAsync(gateway.HttpLogsEndpoint, ProtobufContent(Logs(Record("http good"))))) Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        Assert.All(closed, after => Assert.True(after > TimeSpan.FromSeconds(0.9) && after < TimeSpan.FromSeconds(8), $"closed after {after}"));
        Assert.True(counters.Sum("gateway_receiver_idle_connections_closed", "transport", "grpc") >= 1);
        Assert.True(counters.Sum("gateway_receiver_idle_connections_closed", "transport", "http") >= 2);
        await gateway.WaitForEnvelopesAsync(3);
        await gateway.Host.StopAsync(TimeSpan.FromSeconds(10));
        var messages = (await gateway.ReadEnvelopesAsync()).Select(e => e.GetProperty("message").GetString()!).Order().ToArray();
        Assert.Equal(["grpc good", "http good", "kept alive"], messages);
    }

    private static byte[] ProtobufBytes(string body)
    {
        using var stream = new MemoryStream();
        Google.Protobuf.MessageExtensions.WriteTo(Logs(Record(body)), stream);
        return stream.ToArray();
    }

    /// <summary>How long after the test's start the gateway closed the connection, or the bound when it did not.</summary>
    private static async Task<TimeSpan> ClosedAfterAsync(TcpClient client, Stopwatch clock)
    {
        using var bound = new CancellationTokenSource(Bound);
        var (_, closed) = await RawConnection.ReadUntilClosedAsync(client.GetStream(), bound.Token);
        return closed ? clock.Elapsed : Bound;
    }
}
