using System.Net;
using System.Net.Sockets;
using System.Text;
using Gateway.Otlp.Proto.Collector.Logs.V1;
using Gateway.Testing;
using Gateway.Testing.Diagnostics;
using Gateway.Testing.Pipeline;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using static Gateway.Testing.Otlp.OtlpRequests;

namespace Gateway.IntegrationTests.Otlp;

/// <summary>
/// A client on the port of the other protocol is told so, in its answer where it can be and always in the gateway's
/// log and metrics, and the ports go on serving the right protocol.
/// </summary>
public sealed class WrongPortTests
{
    [Fact]
    public async Task OtlpHttpSentToTheGrpcPortIsAnswered400NamingTheHttpPortCountedAndLogged()
    {
        using var counters = new MetricRecorder();
        using var logs = new LogRecorder();
        await using var gateway = await TestGateway.StartAsync(TestGateway.FileExporterYaml, logs: logs);
        var body = Logs(Record("sent to the wrong port")).ToByteArray();

        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, gateway.GrpcEndpoint.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"POST /v1/logs HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/x-protobuf\r\nContent-Length: {body.Length}\r\n\r\n").Concat(body).ToArray());
        var answer = await ReadToEndAsync(stream);

        Assert.StartsWith("HTTP/1.1 400 Bad Request\r\n", answer, StringComparison.Ordinal);
        Assert.Contains($"Send OTLP/HTTP to port {gateway.HttpEndpoint.Port} (POST /v1/logs)", answer, StringComparison.Ordinal);
        Assert.Contains("HTTP/1.1 request (POST /v1/logs)", answer, StringComparison.Ordinal);
        Assert.Equal(1, counters.Sum("otelcol_receiver_refused_requests", "transport", "grpc", "reason", "wrong_protocol"));
        Assert.Contains(logs.Entries, e => e.EventId == 1150 && e.Message.Contains("wrong_protocol", StringComparison.Ordinal) && e.Message.Contains($"port {gateway.HttpEndpoint.Port}", StringComparison.Ordinal));

        // The port still serves gRPC, and nothing of the refused request was taken.
        using (var channel = GrpcChannel.ForAddress(gateway.GrpcEndpoint)) await new LogsService.LogsServiceClient(channel).ExportAsync(Logs(Record("grpc on the grpc port")));
        await gateway.WaitForEnvelopesAsync(1);
        await gateway.Host.StopAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(["grpc on the grpc port"], (await gateway.ReadEnvelopesAsync()).Select(e => e.GetProperty("message").GetString()));
    }

    [Fact]
    public async Task GrpcSentToTheHttpPortFailsForTheClientAndIsCountedAndLoggedNamingTheGrpcPort()
    {
        using var counters = new MetricRecorder();
        using var logs = new LogRecorder();
        await using var gateway = await TestGateway.StartAsync(TestGateway.FileExporterYaml, logs: logs);

        using (var channel = GrpcChannel.ForAddress(gateway.HttpEndpoint))
        {
            await Assert.ThrowsAsync<RpcException>(() => new LogsService.LogsServiceClient(channel).ExportAsync(Logs(Record("sent to the wrong port"))).ResponseAsync);
        }

        Assert.Equal(1, counters.Sum("otelcol_receiver_refused_requests", "transport", "http", "reason", "wrong_protocol"));
        Assert.Contains(logs.Entries, e => e.EventId == 1150 && e.Message.Contains($"Send OTLP/gRPC to port {gateway.GrpcEndpoint.Port}", StringComparison.Ordinal));
        using var http = new HttpClient();
        using var response = await http.PostAsync(gateway.HttpLogsEndpoint, ProtobufContent(Logs(Record("http on the http port"))));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await gateway.WaitForEnvelopesAsync(1);
        await gateway.Host.StopAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(["http on the http port"], (await gateway.ReadEnvelopesAsync()).Select(e => e.GetProperty("message").GetString()));
    }

    private static async Task<string> ReadToEndAsync(NetworkStream stream)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var buffer = new byte[4096];
        var text = new StringBuilder();
        int read;
        while ((read = await stream.ReadAsync(buffer, timeout.Token)) > 0) text.Append(Encoding.UTF8.GetString(buffer, 0, read));
        return text.ToString();
    }
}
