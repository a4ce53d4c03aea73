using System.Net;
using System.Net.Sockets;
using Gateway.Exporters;
using Gateway.Exporters.Elasticsearch.Configuration;
using Gateway.Testing;
using Gateway.Testing.Elasticsearch;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

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
    public async Task BulkBodiesAreGzippedAtTheFastestLevelAndTheClientsOwnCompressionDoesNotRunTwice()
    {
        byte[]? wire = null;
        string? encoding = null;
        await using var cluster = await LoopbackServer.StartAsync(app => ElasticsearchBasics.Use(app).MapPost("/_bulk", async (HttpContext context) =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer);
            (wire, encoding) = (buffer.ToArray(), context.Request.Headers.ContentEncoding.ToString());
            return Results.Text("""{"errors":false,"items":[]}""", "application/json");
        }));
        using var exporter = ExporterUnderTest.Create(ExporterUnderTest.DefaultOptions(cluster.Address), o => o.Setup.Enabled = false);

        await exporter.ExportAsync(Some.Envelope());

        Assert.Equal("gzip", encoding);
        // RFC 1952: a gzip member starts 1f 8b; its XFL byte (offset 8) is 4 for "fastest algorithm". The client's own
        // compression (CompressionLevel.Optimal) writes 0 there, and gzipping twice would show in the decompressed body.
        Assert.Equal([0x1f, 0x8b], wire![..2]);
        Assert.Equal(4, wire[8]);
        using var gunzip = new System.IO.Compression.GZipStream(new MemoryStream(wire), System.IO.Compression.CompressionMode.Decompress);
        using var text = new StreamReader(gunzip);
        Assert.StartsWith("""{"create":""", await text.ReadToEndAsync(), StringComparison.Ordinal);
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

    [Fact]
    public async Task WhenANodeFailsTheBatchGoesToTheNextNodeAndTheFailedNodeIsLeftAloneWhileItIsMarkedDead()
    {
        await using var first = await ElasticsearchDouble.StartAsync();
        await using var second = await ElasticsearchDouble.StartAsync();
        first.DropConnections = true;
        using var exporter = ExporterUnderTest.Create(ExporterUnderTest.DefaultOptions(first.Address, second.Address), o =>
        {
            o.Setup.Enabled = false;
            o.DeadTimeout = TimeSpan.FromSeconds(30);
        });

        var results = new List<ExportResult>();
        for (var i = 0; i < 6; i++) results.Add(await exporter.ExportAsync(Some.Envelope()));

        Assert.All(results, r => Assert.Equal(ExportOutcome.Success, r.Outcome));
        Assert.Equal(6, second.DocumentsIn("logs-gateway-production").Count);
        // Tried once, then out of rotation: the five batches after it went straight to the live node.
        Assert.Single(first.DroppedRequests);
        var failover = Assert.Single(exporter.Logger.Entries, e => e.Id.Id == 3103);
        Assert.Contains(first.Address.GetLeftPart(UriPartial.Authority), failover.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADeadNodeIsTriedAgainAfterItsBackOffWhichGrowsWithEveryFailureAndIsUsedOnceItAnswers()
    {
        await using var first = await ElasticsearchDouble.StartAsync();
        await using var second = await ElasticsearchDouble.StartAsync();
        first.DropConnections = true;
        using var exporter = ExporterUnderTest.Create(ExporterUnderTest.DefaultOptions(first.Address, second.Address), o =>
        {
            o.Setup.Enabled = false;
            o.DeadTimeout = TimeSpan.FromSeconds(1);
        });

        // The client's back-off after the n-th failure in a row is dead_timeout * 2^((n-1)/2): 1 s, then 1.41 s.
        await KeepExportingUntilAsync(exporter, () => first.DroppedRequests.Count == 2, "the dead node is tried again");
        first.DropConnections = false;
        await KeepExportingUntilAsync(exporter, () => first.DocumentsIn("logs-gateway-production").Count > 0, "the recovered node gets documents");

        var dropped = first.DroppedRequests;
        var firstBackOff = dropped[1] - dropped[0];
        var secondBackOff = first.Requests[0].ReceivedAt - dropped[1];
        Assert.InRange(firstBackOff.TotalSeconds, 0.95, 10);
        Assert.InRange(secondBackOff.TotalSeconds, 1.35, 10);
        // Every batch went to a live node meanwhile, and the recovered node was pinged before it got a bulk again.
        Assert.Equal(["HEAD", "POST"], first.Requests.Take(2).Select(r => r.Method));
        Assert.Equal(2, exporter.Logger.Entries.Count(e => e.Id.Id == 3103));
    }

    [Fact]
    public async Task AServerThatDoesNotSayItIsElasticsearchIsNotTakenForIt()
    {
        // A proxy's or another product's 200 must not count as stored: the client's product check.
        await using var impostor = await LoopbackServer.StartAsync(app =>
        {
            app.MapMethods("/", ["GET", "HEAD"], () => Results.Text("""{"version":{"number":"2.11.0","distribution":"opensearch"}}""", "application/json"));
            app.MapPost("/_bulk", () => Results.Text("""{"errors":false,"items":[{"create":{"_index":"logs-gateway-production","status":201}}]}""", "application/json"));
        });
        using var exporter = ExporterUnderTest.Create(ExporterUnderTest.DefaultOptions(impostor.Address), o => o.Setup.Enabled = false);

        var result = await exporter.ExportAsync(Some.Envelope());

        Assert.Equal(ExportOutcome.Permanent, result.Outcome);
        Assert.Contains("X-Elastic-Product", result.Reason, StringComparison.Ordinal);
    }

    /// <summary>Exports one event every 50 ms until <paramref name="condition"/> holds; every export must succeed (a live node is always there).</summary>
    private static async Task KeepExportingUntilAsync(ExporterUnderTest exporter, Func<bool> condition, string what)
    {
        await Eventually.TrueAsync(async () =>
        {
            var result = await exporter.ExportAsync(Some.Envelope());
            Assert.Equal(ExportOutcome.Success, result.Outcome);
            if (condition()) return true;
            await Task.Delay(50);
            return condition();
        }, what, TimeSpan.FromSeconds(20));
    }

    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
