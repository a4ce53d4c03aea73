using Gateway.Testing;
using OpenTelemetry.Exporter;

namespace Gateway.IntegrationTests.Routing;

/// <summary>
/// The real OTel .NET SDK against a full blocking queue: it is refused (429 / RESOURCE_EXHAUSTED with a delay), keeps
/// its batch, retries after the announced delay, and once the exporter has recovered everything is delivered once.
/// </summary>
[Collection(RoutingCollection.Name)]
public sealed class OtelSdkBackpressureTests
{
    [Theory]
    [InlineData(OtlpExportProtocol.HttpProtobuf)]
    [InlineData(OtlpExportProtocol.Grpc)]
    public async Task TheSdkRetriesAfterTheAnnouncedDelayAndNothingIsLostOrDuplicated(OtlpExportProtocol protocol)
    {
        await using var sdk = await SdkAgainstSmallQueue.StartAsync(protocol, "sdk");

        sdk.LogOrders(0, 10);
        Assert.True(sdk.Client.Flush(), "the first batch fits the empty queue");
        sdk.LogOrders(10, 20);
        var flushing = Task.Run(() => sdk.Client.Flush(30_000));
        await Eventually.TrueAsync(() => sdk.Refused >= 10, "the gateway refused the second batch");
        sdk.Exporter.Recover();

        Assert.True(await flushing.WaitAsync(TimeSpan.FromSeconds(40)));
        await sdk.AssertEveryOrderDeliveredOnceAsync(20);
        Assert.Equal(20, sdk.Exporter.DeliveredCount);
    }
}
