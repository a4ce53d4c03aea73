using System.Net;
using System.Net.Http.Headers;
using Gateway.Otlp.Proto.Collector.Logs.V1;
using Gateway.Otlp.Proto.Rpc;
using Gateway.Otlp.Receivers.Grpc;
using Gateway.Pipeline;
using Gateway.Testing;
using Gateway.Testing.Otlp;
using Gateway.Testing.Pipeline;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using OpenTelemetry.Exporter;
using static Gateway.Testing.Otlp.OtlpRequests;
using Status = Gateway.Otlp.Proto.Rpc.Status;

namespace Gateway.IntegrationTests.Otlp;

/// <summary>What a client sees when the pipeline pushes back (full queues), cannot store (a full disk) or is stopping.</summary>
public sealed class PipelinePushbackTests
{
    private static readonly HttpClient Client = new();
    private static readonly IngestResult Full = new(IngestStatus.Backpressure, TimeSpan.FromSeconds(2.5), "queue of exporter file is full");
    private static readonly IngestResult Stopping = new(IngestStatus.ShuttingDown);
    private static readonly IngestResult DiskFull = new(IngestStatus.StorageUnavailable, TimeSpan.FromSeconds(5), "the persistent queue of exporter file cannot store events: its disk is full; retry later");

    [Theory]
    [InlineData(IngestStatus.Backpressure, HttpStatusCode.TooManyRequests, StatusCode.ResourceExhausted, 3)]
    [InlineData(IngestStatus.StorageUnavailable, HttpStatusCode.ServiceUnavailable, StatusCode.Unavailable, 5)]
    public async Task HttpPushbackCarriesRetryAfterInWholeSecondsAndAStatusSayingWhy(IngestStatus refusal, HttpStatusCode expected, StatusCode code, int retryAfterSeconds)
    {
        var answer = Refusal(refusal);
        var pipeline = new ScriptedPipeline(answer);
        await using var host = await ReceiverOnlyHost.StartAsync(pipeline);

        using var response = await Client.PostAsync(new Uri(host.HttpEndpoint, "v1/logs"), Protobuf(Logs(Record()).ToByteArray()));

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(retryAfterSeconds), response.Headers.RetryAfter!.Delta);
        var status = Status.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal((int)code, status.Code);
        Assert.Equal(answer.Reason, status.Message);
        Assert.Empty(pipeline.Accepted);
    }

    [Fact]
    public async Task HttpWhileStoppingIs503()
    {
        await using var host = await ReceiverOnlyHost.StartAsync(new ScriptedPipeline(Stopping));
        using var response = await Client.PostAsync(new Uri(host.HttpEndpoint, "v1/logs"), Protobuf(Logs(Record()).ToByteArray()));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }

    [Fact]
    public async Task RefusalsOfEveryRetryingClientAreLoggedOncePerIntervalWithTheirCount()
    {
        using var logs = new LogRecorder();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = await ReceiverOnlyHost.StartAsync(new ScriptedPipeline(Enumerable.Repeat(DiskFull, 21).ToArray()), logs, time);
        var endpoint = new Uri(host.HttpEndpoint, "v1/logs");

        for (var i = 0; i < 20; i++)
        {
            using var response = await Client.PostAsync(endpoint, Protobuf(Logs(Record()).ToByteArray()));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        }

        var first = Assert.Single(logs.Entries, e => e.EventId == 1150);
        Assert.Contains("refused with 503 (storage_unavailable): the persistent queue of exporter file cannot store events: its disk is full; retry later", first.Message, StringComparison.Ordinal);
        time.Advance(TimeSpan.FromSeconds(10));
        using (var response = await Client.PostAsync(endpoint, Protobuf(Logs(Record()).ToByteArray())))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        }

        var lines = logs.Entries.Where(e => e.EventId == 1150).ToList();
        Assert.Equal(2, lines.Count);
        Assert.Equal(19L, lines[1].Fields["Suppressed"]);
    }

    [Theory]
    [InlineData(IngestStatus.Backpressure, StatusCode.ResourceExhausted)]
    [InlineData(IngestStatus.StorageUnavailable, StatusCode.Unavailable)]
    public async Task GrpcPushbackCarriesARetryInfo(IngestStatus refusal, StatusCode code)
    {
        var answer = Refusal(refusal);
        await using var host = await ReceiverOnlyHost.StartAsync(new ScriptedPipeline(answer));
        using var channel = GrpcChannel.ForAddress(host.GrpcEndpoint);

        var error = await Assert.ThrowsAsync<RpcException>(() => new LogsService.LogsServiceClient(channel).ExportAsync(Logs(Record())).ResponseAsync);

        Assert.Equal(code, error.StatusCode);
        Assert.Equal(answer.Reason, error.Status.Detail);
        var details = Status.Parser.ParseFrom(error.Trailers.GetValueBytes(GrpcStatusDetails.TrailerName));
        Assert.Equal((int)code, details.Code);
        var retry = Assert.Single(details.Details).Unpack<RetryInfo>();
        Assert.Equal(answer.RetryAfter, retry.RetryDelay.ToTimeSpan());
    }

    [Fact]
    public async Task GrpcWhileStoppingIsUnavailable()
    {
        await using var host = await ReceiverOnlyHost.StartAsync(new ScriptedPipeline(Stopping));
        using var channel = GrpcChannel.ForAddress(host.GrpcEndpoint);
        var error = await Assert.ThrowsAsync<RpcException>(() => new LogsService.LogsServiceClient(channel).ExportAsync(Logs(Record())).ResponseAsync);
        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
    }

    [Theory]
    [InlineData(OtlpExportProtocol.Grpc, IngestStatus.Backpressure)]
    [InlineData(OtlpExportProtocol.HttpProtobuf, IngestStatus.Backpressure)]
    [InlineData(OtlpExportProtocol.Grpc, IngestStatus.StorageUnavailable)]
    [InlineData(OtlpExportProtocol.HttpProtobuf, IngestStatus.StorageUnavailable)]
    public async Task TheOtelSdkRetriesAfterBackpressureOrAFullDiskAndNothingIsLost(OtlpExportProtocol protocol, IngestStatus refusal)
    {
        var pipeline = new ScriptedPipeline(new IngestResult(refusal, TimeSpan.FromMilliseconds(100)));
        await using var host = await ReceiverOnlyHost.StartAsync(pipeline);
        using (var client = OtelLogClient.Create(protocol == OtlpExportProtocol.Grpc ? host.GrpcEndpoint : host.HttpEndpoint, protocol, retryTransientFailures: true))
        {
            client.CreateLogger("Shop").LogInformation("retried");
            Assert.True(client.Flush(), "the SDK gave up");
        }

        await Eventually.TrueAsync(() => pipeline.Accepted.Count == 1, "the retried record to be accepted");
        Assert.Equal(2, pipeline.Calls);
        Assert.Equal("retried", pipeline.Accepted[0].Message);
    }

    private static IngestResult Refusal(IngestStatus status) => status == IngestStatus.Backpressure ? Full : DiskFull;

    private static ByteArrayContent Protobuf(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        return content;
    }
}
