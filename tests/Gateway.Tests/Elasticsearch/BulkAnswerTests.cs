using System.IO.Compression;
using System.Text;
using Gateway.Exporters;
using Gateway.Testing;
using Gateway.Testing.Elasticsearch;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Gateway.Tests.Elasticsearch;

/// <summary>Answers a real cluster can give that the double has no reason to: short item lists, a failure mid-batch.</summary>
public sealed class BulkAnswerTests
{
    private static async Task<int> CountItemsAsync(HttpRequest request)
    {
        using var gzip = new GZipStream(request.Body, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip, Encoding.UTF8);
        var text = await reader.ReadToEndAsync();
        return text.Count(c => c == '\n') / 2;
    }

    private static string Created(int count) =>
        "{\"errors\":false,\"items\":[" + string.Join(",", Enumerable.Repeat("{\"create\":{\"_index\":\"logs-gateway-production\",\"status\":201}}", count)) + "]}";

    [Fact]
    public async Task ItemsMissingFromTheAnswerAreRetriedNotAssumedDelivered()
    {
        await using var cluster = await LoopbackServer.StartAsync(app => ElasticsearchBasics.Use(app).MapPost("/_bulk", async (HttpContext context) =>
        {
            var items = await CountItemsAsync(context.Request);
            return Results.Text(Created(items - 1), "application/json");
        }));
        using var exporter = ExporterUnderTest.Create(ExporterUnderTest.DefaultOptions(cluster.Address), o => o.Setup.Enabled = false);

        var result = await exporter.ExportAsync(Some.Envelope(), Some.Envelope(), Some.Envelope());

        Assert.Equal(ExportOutcome.Partial, result.Outcome);
        var missing = Assert.Single(result.ItemFailures);
        Assert.Equal(2, missing.Index);
        Assert.True(missing.Retryable);
    }

    [Fact]
    public async Task WhenALaterRequestOfABatchFailsOnlyItsItemsAreReportedForRetry()
    {
        var requests = 0;
        await using var cluster = await LoopbackServer.StartAsync(app => ElasticsearchBasics.Use(app).MapPost("/_bulk", async (HttpContext context) =>
        {
            var items = await CountItemsAsync(context.Request);
            return Interlocked.Increment(ref requests) == 1
                ? Results.Text(Created(items), "application/json")
                : Results.Text("""{"error":{"type":"cluster_block_exception","reason":"no master"},"status":503}""", "application/json", statusCode: 503);
        }));
        using var exporter = ExporterUnderTest.Create(ExporterUnderTest.DefaultOptions(cluster.Address), o =>
        {
            o.Setup.Enabled = false;
            o.Batch.MaxBytes = new Gateway.Configuration.ByteSize(2048);
        });
        var batch = Enumerable.Range(0, 6).Select(_ => Some.Envelope()).ToArray();

        var result = await exporter.ExportAsync(batch);

        Assert.Equal(ExportOutcome.Partial, result.Outcome);
        Assert.True(result.ItemFailures.Count is > 0 and < 6, $"{result.ItemFailures.Count} failures");
        Assert.All(result.ItemFailures, f => Assert.True(f.Retryable));
        Assert.All(result.ItemFailures, f => Assert.Contains("503", f.Reason, StringComparison.Ordinal));
        Assert.Equal(Enumerable.Range(6 - result.ItemFailures.Count, result.ItemFailures.Count), result.ItemFailures.Select(f => f.Index));
        Assert.Equal(2, requests);
    }
}
