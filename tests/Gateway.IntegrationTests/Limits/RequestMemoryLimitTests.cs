using System.Net;
using System.Text;
using Gateway.Otlp.Proto.Collector.Logs.V1;
using Gateway.Otlp.Receivers.Limits;
using Gateway.Testing;
using Gateway.Testing.Diagnostics;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using static Gateway.Testing.Otlp.OtlpRequests;

namespace Gateway.IntegrationTests.Limits;

/// <summary>
/// The memory one request can cost is bounded: records are counted on the wire and a request past
/// max_records_per_request is refused (413 / RESOURCE_EXHAUSTED naming the key) before anything is decoded, and the
/// requests in flight together stay within max_in_flight_memory (503 / UNAVAILABLE with a retry hint past it).
/// Good records around the refused requests are delivered exactly once.
/// </summary>
public sealed class RequestMemoryLimitTests
{
    private const string Yaml = """
        receivers:
          otlp:
            max_in_flight_memory: 1MiB
            protocols:
              grpc:
                endpoint: 127.0.0.1:0
                max_records_per_request: 5
                max_request_body_size: 64KiB
              http:
                endpoint: 127.0.0.1:0
                max_records_per_request: 5
                max_request_body_size: 64KiB
        """ + "\n" + TestGateway.FileExporterYaml;

    [Fact]
    public async Task ARequestPastMaxRecordsPerRequestIsRefusedNamingTheLimitAndTheRecordsAroundItAreDeliveredOnce()
    {
        using var counters = new MetricRecorder();
        await using var gateway = await TestGateway.StartAsync(Yaml);
        using var http = new HttpClient();
        using var channel = GrpcChannel.ForAddress(gateway.GrpcEndpoint);
        var grpc = new LogsService.LogsServiceClient(channel);

        using (var good = await http.PostAsync(gateway.HttpLogsEndpoint, ProtobufContent(Logs(Records("http good", 5))))) Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        using var tooMany = await http.PostAsync(gateway.HttpLogsEndpoint, ProtobufContent(Logs(Records("http over", 6))));
        using var tooManyJson = await http.PostAsync(gateway.HttpLogsEndpoint, new StringContent(JsonFormatter.Default.Format(Logs(Records("json over", 6))), Encoding.UTF8, "application/json"));
        var refused = await Assert.ThrowsAsync<RpcException>(async () => await grpc.ExportAsync(Logs(Records("grpc over", 6))));
        await grpc.ExportAsync(Logs(Records("grpc good", 2)));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooMany.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooManyJson.StatusCode);
        Assert.Contains("max_records_per_request (5)", Gateway.Otlp.Proto.Rpc.Status.Parser.ParseFrom(await tooMany.Content.ReadAsByteArrayAsync()).Message, StringComparison.Ordinal);
        Assert.Contains("max_records_per_request (5)", await tooManyJson.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
        Assert.Contains("max_records_per_request (5)", refused.Status.Detail, StringComparison.Ordinal);
        Assert.True(counters.Sum("otelcol_receiver_refused_requests", "transport", "http", "reason", "max_records_per_request") >= 2);
        Assert.True(counters.Sum("otelcol_receiver_refused_requests", "transport", "grpc", "reason", "max_records_per_request") >= 1);
        await AssertDeliveredOnceAsync(gateway, 7, "good");
    }

    [Fact]
    public async Task WhenRequestsInFlightHoldMaxInFlightMemoryTheNextIsRefusedRetryablyAndGoesThroughOnceThereIsRoom()
    {
        using var counters = new MetricRecorder();
        await using var gateway = await TestGateway.StartAsync(Yaml);
        using var http = new HttpClient();
        using var channel = GrpcChannel.ForAddress(gateway.GrpcEndpoint);
        var grpc = new LogsService.LogsServiceClient(channel);

        // What requests being decoded hold: a request keeps its share only while it is mapped and handed to the
        // queues (microseconds), so the test takes the share concurrent requests would, leaving less than one request needs.
        var budget = gateway.Host.Services.GetRequiredService<RequestAdmission>().Budget;
        var held = budget.TryReserve(bodyBytes: 0, records: (budget.Limit / InFlightMemoryBudget.BytesPerRecord) - 2);
        Assert.NotNull(held);
        using var refusedHttp = await http.PostAsync(gateway.HttpLogsEndpoint, ProtobufContent(Logs(Records("http", 3))));
        var refusedGrpc = await Assert.ThrowsAsync<RpcException>(async () => await grpc.ExportAsync(Logs(Records("grpc", 3))));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refusedHttp.StatusCode);
        Assert.Equal("1", Assert.Single(refusedHttp.Headers.GetValues("Retry-After")));
        var status = Gateway.Otlp.Proto.Rpc.Status.Parser.ParseFrom(await refusedHttp.Content.ReadAsByteArrayAsync());
        Assert.Equal((int)StatusCode.Unavailable, status.Code);
        Assert.Contains("max_in_flight_memory", status.Message, StringComparison.Ordinal);
        Assert.Equal(StatusCode.Unavailable, refusedGrpc.StatusCode);
        Assert.True(counters.Sum("otelcol_receiver_refused_requests", "reason", "max_in_flight_memory") >= 2);

        held!.Dispose();
        Assert.Equal(0, budget.Used);
        using (var retried = await http.PostAsync(gateway.HttpLogsEndpoint, ProtobufContent(Logs(Records("http", 3))))) Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        await grpc.ExportAsync(Logs(Records("grpc", 3)));
        await AssertDeliveredOnceAsync(gateway, 6, string.Empty);
        Assert.Equal(0, budget.Used);
    }

    private static Gateway.Otlp.Proto.Logs.V1.LogRecord[] Records(string prefix, int count) =>
        Enumerable.Range(0, count).Select(i => Record($"{prefix} {i}")).ToArray();

    /// <summary>Exactly <paramref name="count"/> envelopes once the gateway has stopped, each message once, all containing <paramref name="part"/>.</summary>
    private static async Task AssertDeliveredOnceAsync(TestGateway gateway, int count, string part)
    {
        await gateway.WaitForEnvelopesAsync(count);
        await gateway.Host.StopAsync(TimeSpan.FromSeconds(10));
        var messages = (await gateway.ReadEnvelopesAsync()).Select(e => e.GetProperty("message").GetString()!).ToList();
        Assert.Equal(count, messages.Count);
        Assert.Equal(count, messages.Distinct().Count());
        Assert.All(messages, m => Assert.Contains(part, m, StringComparison.Ordinal));
    }
}
