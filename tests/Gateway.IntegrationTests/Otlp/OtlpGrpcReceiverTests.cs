using Gateway.Otlp.Proto.Collector.Logs.V1;
using Gateway.Testing;
using Gateway.Testing.Diagnostics;
using Gateway.Testing.Exporters;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using static Gateway.Testing.Otlp.OtlpRequests;

namespace Gateway.IntegrationTests.Otlp;

/// <summary>Hand-made OTLP/gRPC calls against the real gateway through Grpc.Net.Client.</summary>
public sealed class OtlpGrpcReceiverTests
{
    private const string SmallLimitYaml = """
        receivers:
          otlp:
            protocols:
              grpc:
                endpoint: 127.0.0.1:0
                max_request_body_size: 64KiB
        """ + "\n" + TestGateway.FileExporterYaml;

    private static readonly Metadata Gzip = new() { { "grpc-internal-encoding-request", "gzip" } };

    [Fact]
    public async Task AGzipCompressedExportIsAccepted()
    {
        await using var gateway = await TestGateway.StartAsync();
        using var channel = GrpcChannel.ForAddress(gateway.GrpcEndpoint);
        var client = new LogsService.LogsServiceClient(channel);

        // Grpc.Net.Client sends the message gzip-compressed (grpc-encoding: gzip); a server without gzip would answer UNIMPLEMENTED.
        var response = await client.ExportAsync(Logs(Record("compressed", Attr("padding", new string('p', 4096)))), Gzip);

        Assert.Null(response.PartialSuccess);
        var envelope = Assert.Single(await gateway.WaitForEnvelopesAsync(1));
        Assert.Equal("compressed", envelope.GetProperty("message").GetString());
    }

    [Fact]
    public async Task InvalidRecordsAreReportedAsPartialSuccess()
    {
        await using var gateway = await TestGateway.StartAsync();
        using var channel = GrpcChannel.ForAddress(gateway.GrpcEndpoint);
        var bad = Record("bad");
        bad.SpanId = ByteString.CopyFrom(1, 2);

        var response = await new LogsService.LogsServiceClient(channel).ExportAsync(Logs(bad, Record("good")));

        Assert.Equal(1, response.PartialSuccess.RejectedLogRecords);
        Assert.Contains("log record 0: span_id has 2 bytes", response.PartialSuccess.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal("good", Assert.Single(await gateway.WaitForEnvelopesAsync(1)).GetProperty("message").GetString());
    }

    [Fact]
    public async Task MessagesPastTheLimitAreRefusedAlsoWhenTheyArriveCompressedAndTheGatewayKeepsServing()
    {
        using var counters = new MetricRecorder();
        await using var gateway = await TestGateway.StartAsync(SmallLimitYaml);
        using var channel = GrpcChannel.ForAddress(gateway.GrpcEndpoint, new GrpcChannelOptions { MaxSendMessageSize = null });
        var client = new LogsService.LogsServiceClient(channel);
        // 1 MiB of one repeated character: a few KiB once gzipped, far past the 64KiB limit once inflated.
        var big = Logs(Record(new string('x', 1024 * 1024)));

        var plain = await Assert.ThrowsAsync<RpcException>(() => client.ExportAsync(big).ResponseAsync);
        var compressed = await Assert.ThrowsAsync<RpcException>(() => client.ExportAsync(big, Gzip).ResponseAsync);
        await client.ExportAsync(Logs(Record("still serving")));

        Assert.Equal(StatusCode.ResourceExhausted, plain.StatusCode);
        Assert.Equal(StatusCode.ResourceExhausted, compressed.StatusCode);
        Assert.Equal(2, counters.Sum("otelcol_receiver_refused_requests", "transport", "grpc", "reason", "max_request_body_size"));
        Assert.Equal("still serving", Assert.Single(await gateway.WaitForEnvelopesAsync(1)).GetProperty("message").GetString());
    }

    [Fact]
    public async Task ATruncatedMessageIsRefusedWhileValidCallsAlongsideLoseNothing()
    {
        await using var gateway = await TestGateway.StartAsync();
        using var channel = GrpcChannel.ForAddress(gateway.GrpcEndpoint);
        var client = new LogsService.LogsServiceClient(channel);
        var bytes = Marshallers.Create<byte[]>(b => b, b => b);
        var export = new Method<byte[], byte[]>(MethodType.Unary, "opentelemetry.proto.collector.logs.v1.LogsService", "Export", bytes, bytes);
        var truncated = Logs(Record("truncated", Attr("k", new string('x', 200)))).ToByteArray()[..^10];

        var valid = Enumerable.Range(0, 5).Select(_ => client.ExportAsync(Logs(Record("valid"))).ResponseAsync).ToArray();
        var error = await Assert.ThrowsAsync<RpcException>(() => channel.CreateCallInvoker().AsyncUnaryCall(export, null, default, truncated).ResponseAsync);
        await Task.WhenAll(valid);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("not a valid protobuf ExportLogsServiceRequest", error.Status.Detail, StringComparison.Ordinal);
        var envelopes = await gateway.WaitForEnvelopesAsync(5);
        Assert.Equal(5, envelopes.Count);
        Assert.All(envelopes, e => Assert.Equal("valid", e.GetProperty("message").GetString()));
    }

    [Fact]
    public async Task ARecordRetriedOverAnotherTransportKeepsItsIdSoStoresDeduplicate()
    {
        var capture = new CapturingExporterFactory();
        await using var gateway = await TestGateway.StartAsync("exporters:\n  capture:\n", catalog => catalog.Add(capture));
        using var channel = GrpcChannel.ForAddress(gateway.GrpcEndpoint);
        using var http = new HttpClient();
        var request = Logs(Record("once"), Record("twice"));

        await new LogsService.LogsServiceClient(channel).ExportAsync(request);
        using var content = new ByteArrayContent(request.ToByteArray());
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-protobuf");
        (await http.PostAsync(gateway.HttpLogsEndpoint, content)).EnsureSuccessStatusCode();

        var envelopes = await capture["capture"].WaitForAsync(4);
        Assert.Equal(envelopes[0].Id, envelopes[2].Id);
        Assert.Equal(envelopes[1].Id, envelopes[3].Id);
        Assert.NotEqual(envelopes[0].Id, envelopes[1].Id);
    }

    [Fact]
    public async Task TraceAndMetricExportsAreUnimplemented()
    {
        await using var gateway = await TestGateway.StartAsync();
        using var channel = GrpcChannel.ForAddress(gateway.GrpcEndpoint);
        var bytes = Marshallers.Create<byte[]>(b => b, b => b);
        foreach (var service in new[] { "opentelemetry.proto.collector.trace.v1.TraceService", "opentelemetry.proto.collector.metrics.v1.MetricsService" })
        {
            var method = new Method<byte[], byte[]>(MethodType.Unary, service, "Export", bytes, bytes);
            var error = await Assert.ThrowsAsync<RpcException>(() => channel.CreateCallInvoker().AsyncUnaryCall(method, null, default, []).ResponseAsync);
            Assert.Equal(StatusCode.Unimplemented, error.StatusCode);
        }
    }
}
