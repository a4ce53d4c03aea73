using System.Buffers.Binary;
using System.Net;
using Gateway.Otlp.Proto.Collector.Logs.V1;
using Gateway.Testing;
using Gateway.Testing.Diagnostics;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using static Gateway.Testing.Otlp.OtlpRequests;

namespace Gateway.IntegrationTests.Security;

/// <summary>
/// max_concurrent_requests: with one request held in flight, the next is answered at once with a retryable
/// 503 + Retry-After (HTTP) or UNAVAILABLE (gRPC), counted, and the held one still completes.
/// </summary>
public sealed class ConcurrentRequestLimitTests
{
    private const string Yaml = """
        receivers:
          otlp:
            protocols:
              grpc:
                endpoint: 127.0.0.1:0
                max_concurrent_requests: 1
              http:
                endpoint: 127.0.0.1:0
                max_concurrent_requests: 1
        """ + "\n" + TestGateway.FileExporterYaml;

    [Fact]
    public async Task AnHttpRequestBeyondTheLimitGets503WithRetryAfterAndTheHeldOneCompletes()
    {
        using var counters = new MetricRecorder();
        await using var gateway = await TestGateway.StartAsync(Yaml);
        using var client = new HttpClient();
        HeldBackContent? held = null;
        Task<HttpResponseMessage>? holding = null;
        HttpResponseMessage? refused = null;
        long heldRefusals = 0;
        await Eventually.TrueAsync(async () =>
        {
            // The held request and a probe can arrive together; when the held one lost that race (it was the one
            // refused), send it again, so a probe is only judged while a request really occupies the slot. Over
            // HTTP/1.1 the client may not surface that early 503 while the body is still held back, so the refusal
            // counter says it too: every refusal counted before a probe is refused is the held request's.
            var refusals = counters.Sum("otelcol_receiver_refused_requests", "transport", "http", "reason", "max_concurrent_requests");
            if (holding is null || holding.IsCompleted || refusals > heldRefusals)
            {
                heldRefusals = refusals;
                held?.Release();
                if (holding is not null) (await holding).Dispose();
                held?.Dispose();
                held = new HeldBackContent(Logs(Record("held")).ToByteArray(), "application/x-protobuf");
                holding = client.PostAsync(gateway.HttpLogsEndpoint, held);
                await held.Started;
            }

            refused?.Dispose();
            refused = await client.PostAsync(gateway.HttpLogsEndpoint, ProtobufContent(new ExportLogsServiceRequest()));
            return refused.StatusCode == HttpStatusCode.ServiceUnavailable;
        }, "a request beyond max_concurrent_requests refused");
        held!.Release();
        using var completed = await holding!;

        Assert.Equal("1", Assert.Single(refused!.Headers.GetValues("Retry-After")));
        Assert.Contains("max_concurrent_requests (1)", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, completed.StatusCode);
        Assert.Equal("held", Assert.Single(await gateway.WaitForEnvelopesAsync(1)).GetProperty("message").GetString());
        Assert.True(counters.Sum("otelcol_receiver_refused_requests", "transport", "http", "reason", "max_concurrent_requests") >= 1);
        refused.Dispose();
    }

    [Fact]
    public async Task AGrpcCallBeyondTheLimitGetsUnavailable()
    {
        await using var gateway = await TestGateway.StartAsync(Yaml);
        using var raw = new HttpClient();
        using var channel = GrpcChannel.ForAddress(gateway.GrpcEndpoint);
        var client = new LogsService.LogsServiceClient(channel);
        HeldBackContent? held = null;
        Task<HttpResponseMessage>? holding = null;
        RpcException? refused = null;
        await Eventually.TrueAsync(async () =>
        {
            // As for HTTP: a held call that lost the race to a probe was itself refused (over HTTP/2 its response
            // comes back at once); send it again, so a probe is only judged while a call really occupies the slot.
            if (holding is null || holding.IsCompleted)
            {
                held?.Release();
                if (holding is not null) (await holding).Dispose();
                held?.Dispose();
                held = new HeldBackContent(GrpcFrame(Logs(Record("held"))), "application/grpc");
                var request = new HttpRequestMessage(HttpMethod.Post, new Uri(gateway.GrpcEndpoint, "opentelemetry.proto.collector.logs.v1.LogsService/Export"))
                {
                    Content = held,
                    Version = HttpVersion.Version20,
                    VersionPolicy = HttpVersionPolicy.RequestVersionExact,
                };
                holding = raw.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
                await held.Started;
            }

            try
            {
                await client.ExportAsync(new ExportLogsServiceRequest());
                return false;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Unavailable)
            {
                refused = e;
                return true;
            }
        }, "a call beyond max_concurrent_requests refused");
        held!.Release();
        using var completed = await holding!;
        held.Dispose();

        Assert.Contains("max_concurrent_requests (1)", refused!.Status.Detail, StringComparison.Ordinal);
        await completed.Content.ReadAsByteArrayAsync();
        Assert.Equal("0", Assert.Single(completed.TrailingHeaders.GetValues("grpc-status")));
        Assert.Equal("held", Assert.Single(await gateway.WaitForEnvelopesAsync(1)).GetProperty("message").GetString());
    }

    private static byte[] GrpcFrame(IMessage message)
    {
        var payload = message.ToByteArray();
        var frame = new byte[5 + payload.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)payload.Length);
        payload.CopyTo(frame, 5);
        return frame;
    }
}
