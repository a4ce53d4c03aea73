using System.Net;
using System.Net.Sockets;
using Gateway.Exporters;
using Gateway.Exporters.Elasticsearch.Configuration;
using Gateway.Testing;
using Gateway.Testing.Elasticsearch;
using Microsoft.AspNetCore.Builder;

namespace Gateway.Tests.Elasticsearch;

public sealed class TransportTests
{
    [Fact]
    public async Task BulkBodiesAreGzippedNdJsonEndingWithANewline()
    {
        await using var cluster = await ElasticsearchDouble.StartAsync();
        using var exporter = await ExporterUnderTest.StartAsync(cluster);

        await exporter.ExportAsync(Enumerable.Range(0, 20).Select(_ => Some.Envelope()).ToArray());

        var bulk = Assert.Single(cluster.Requests, r => r.Path.StartsWith("/_bulk", StringComparison.Ordinal));
        Assert.Equal("application/x-ndjson", bulk.ContentType);
        Assert.Equal("gzip", bulk.ContentEncoding);
        Assert.True(bulk.WireBytes * 3 < bulk.BodyBytes, $"gzip should shrink repetitive NDJSON: {bulk.WireBytes} of {bulk.BodyBytes} bytes");
        Assert.Equal(20, cluster.DocumentsIn("logs-gateway-production").Count);
    }

    [Fact]
    public async Task CompressionCanBeTurnedOff()
    {
        await using var cluster = await ElasticsearchDouble.StartAsync();
        using var exporter = await ExporterUnderTest.StartAsync(cluster, o => o.Compression = BodyCompression.None);

        await exporter.ExportAsync(Some.Envelope());

        var bulk = Assert.Single(cluster.Requests, r => r.Path.StartsWith("/_bulk", StringComparison.Ordinal));
        Assert.Null(bulk.ContentEncoding);
        Assert.Equal(bulk.BodyBytes, bulk.WireBytes);
    }

    [Fact]
    public async Task ABatchLargerThanMaxBytesIsSentAsSeveralBulkRequests()
    {
        await using var cluster = await ElasticsearchDouble.StartAsync();
        using var exporter = await ExporterUnderTest.StartAsync(cluster, o => o.Batch.MaxBytes = new Gateway.Configuration.ByteSize(4096));

        var result = await exporter.ExportAsync(Enumerable.Range(0, 30).Select(_ => Some.Envelope()).ToArray());

        Assert.Equal(ExportOutcome.Success, result.Outcome);
        var bulks = cluster.Requests.Where(r => r.Path.StartsWith("/_bulk", StringComparison.Ordinal)).ToList();
        Assert.True(bulks.Count > 3, $"expected several requests, got {bulks.Count}");
        Assert.All(bulks, b => Assert.True(b.BodyBytes <= 4096, $"{b.BodyBytes} bytes is over max_bytes"));
        Assert.Equal(30, cluster.DocumentsIn("logs-gateway-production").Count);
    }

    [Fact]
    public async Task ARequestTooLargeForTheClusterIsSentInHalves()
    {
        await using var cluster = await ElasticsearchDouble.StartAsync();
        cluster.MaxContentLength = 6000;
        using var exporter = await ExporterUnderTest.StartAsync(cluster);

        var result = await exporter.ExportAsync(Enumerable.Range(0, 16).Select(_ => Some.Envelope()).ToArray());

        Assert.Equal(ExportOutcome.Success, result.Outcome);
        Assert.Equal(16, cluster.DocumentsIn("logs-gateway-production").Count);
        Assert.Contains(exporter.Logger.Entries, e => e.Id.Id == 3106);
    }

    [Fact]
    public async Task WhenTheFirstEndpointIsDownTheNextOneIsUsedAndKept()
    {
        await using var cluster = await ElasticsearchDouble.StartAsync();
        var dead = new Uri($"http://127.0.0.1:{UnusedPort()}/");
        using var exporter = ExporterUnderTest.Create(ExporterUnderTest.DefaultOptions(dead, cluster.Address));
        await exporter.Exporter.StartAsync(CancellationToken.None);

        var first = await exporter.ExportAsync(Some.Envelope());
        var second = await exporter.ExportAsync(Some.Envelope());

        Assert.Equal(ExportOutcome.Success, first.Outcome);
        Assert.Equal(ExportOutcome.Success, second.Outcome);
        Assert.Equal(2, cluster.DocumentsIn("logs-gateway-production").Count);
        // One failed connect during set-up, then the working endpoint is remembered.
        Assert.Single(exporter.Logger.Entries, e => e.Id.Id == 3103);
    }

    [Fact]
    public async Task AnApiKeyIsSentEncodedAndAWrongOneIsPermanent()
    {
        await using var cluster = await ElasticsearchDouble.StartAsync();
        cluster.RequiredApiKey = Convert.ToBase64String("key-id:secret"u8.ToArray());
        using var good = await ExporterUnderTest.StartAsync(cluster, o => o.ApiKey = "key-id:secret");
        using var bad = ExporterUnderTest.Create(cluster, o =>
        {
            o.ApiKey = "key-id:wrong";
            o.Setup.Enabled = false;
        });

        var accepted = await good.ExportAsync(Some.Envelope());
        var refused = await bad.ExportAsync(Some.Envelope());

        Assert.Equal(ExportOutcome.Success, accepted.Outcome);
        Assert.True(refused.Outcome == ExportOutcome.Permanent, refused.Reason);
        Assert.Contains("HTTP 401", refused.Reason, StringComparison.Ordinal);
        Assert.Contains("api_key", refused.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BasicAndBearerAuthenticationSendTheirHeaders()
    {
        await using var cluster = await ElasticsearchDouble.StartAsync();
        using var basic = ExporterUnderTest.Create(cluster, o => { o.Username = "elastic"; o.Password = "changeme"; o.Setup.Enabled = false; });
        using var bearer = ExporterUnderTest.Create(cluster, o => { o.BearerToken = "token-1"; o.Setup.Enabled = false; });

        await basic.ExportAsync(Some.Envelope());
        await bearer.ExportAsync(Some.Envelope());

        // Every request carries them, the client's pings (HEAD /) included.
        Assert.Equal(["Basic ZWxhc3RpYzpjaGFuZ2VtZQ==", "Bearer token-1"], cluster.Requests.Select(r => r.Authorization).Distinct());
        Assert.Equal(2, cluster.Requests.Count(r => r.Path.StartsWith("/_bulk", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task AClusterThatDoesNotAnswerInTimeIsRetryable()
    {
        await using var silent = await LoopbackServer.StartAsync(app => app.Run(async context => await Task.Delay(Timeout.Infinite, context.RequestAborted)));
        using var exporter = ExporterUnderTest.Create(ExporterUnderTest.DefaultOptions(silent.Address), o =>
        {
            o.Timeout = TimeSpan.FromMilliseconds(300);
            o.Setup.Enabled = false;
        });

        var result = await exporter.ExportAsync(Some.Envelope());

        Assert.Equal(ExportOutcome.Retryable, result.Outcome);
        Assert.Contains("timeout", result.Reason, StringComparison.Ordinal);
    }

    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
