using System.Net;
using System.Text;
using System.Text.Json;
using Gateway.Testing.Elasticsearch;

namespace Gateway.Tests.Elasticsearch;

/// <summary>The double refuses what Elasticsearch refuses; otherwise the exporter tests would prove nothing.</summary>
public sealed class ElasticsearchDoubleTests
{
    private static async Task<(HttpStatusCode Status, JsonElement Body)> BulkAsync(ElasticsearchDouble cluster, string ndjson, string contentType = "application/x-ndjson")
    {
        using var client = new HttpClient { BaseAddress = cluster.Address };
        using var response = await client.PostAsync("_bulk", new StringContent(ndjson, Encoding.UTF8, contentType));
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    private static int[] Statuses(JsonElement body) =>
        body.GetProperty("items").EnumerateArray().Select(i => i.EnumerateObject().First().Value.GetProperty("status").GetInt32()).ToArray();

    private static string ErrorType(JsonElement body, int item) =>
        body.GetProperty("items")[item].EnumerateObject().First().Value.GetProperty("error").GetProperty("type").GetString()!;

    [Fact]
    public async Task ABulkBodyWithoutTheFinalNewlineIsRefused()
    {
        await using var cluster = await ElasticsearchDouble.StartAsync();

        var (status, body) = await BulkAsync(cluster, "{\"create\":{\"_index\":\"logs-a-b\"}}\n{\"@timestamp\":\"2026-01-01T00:00:00Z\"}");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("terminated by a newline", body.GetProperty("error").GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DataStreamsTakeOnlyCreateAndRequireATimestamp()
    {
        await using var cluster = await ElasticsearchDouble.StartAsync();

        var (status, body) = await BulkAsync(cluster,
            "{\"index\":{\"_index\":\"logs-a-b\",\"_id\":\"1\"}}\n{\"@timestamp\":\"2026-01-01T00:00:00Z\"}\n" +
            "{\"create\":{\"_index\":\"logs-a-b\",\"_id\":\"2\"}}\n{\"message\":\"no time\"}\n" +
            "{\"create\":{\"_index\":\"logs-a-b\",\"_id\":\"3\"}}\n{\"@timestamp\":\"2026-01-01T00:00:00Z\"}\n");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(body.GetProperty("errors").GetBoolean());
        Assert.Equal([400, 400, 201], Statuses(body));
        Assert.Equal("illegal_argument_exception", ErrorType(body, 0));
        Assert.Equal("document_parsing_exception", ErrorType(body, 1));
        Assert.Equal(["logs-a-b"], cluster.DataStreams);
    }

    [Fact]
    public async Task CreateWithAnExistingIdIsAVersionConflict()
    {
        await using var cluster = await ElasticsearchDouble.StartAsync();
        const string item = "{\"create\":{\"_index\":\"logs-a-b\",\"_id\":\"same\"}}\n{\"@timestamp\":\"2026-01-01T00:00:00Z\"}\n";

        await BulkAsync(cluster, item);
        var (_, body) = await BulkAsync(cluster, item);

        Assert.Equal([409], Statuses(body));
        Assert.Equal("version_conflict_engine_exception", ErrorType(body, 0));
        Assert.Single(cluster.DocumentsIn("logs-a-b"));
    }

    [Fact]
    public async Task AFieldFirstSeenAsANumberThenAsAnObjectFailsOnlyThatItem()
    {
        await using var cluster = await ElasticsearchDouble.StartAsync();

        var (_, body) = await BulkAsync(cluster,
            "{\"create\":{\"_index\":\"plain\",\"_id\":\"1\"}}\n{\"amount\":5}\n" +
            "{\"create\":{\"_index\":\"plain\",\"_id\":\"2\"}}\n{\"amount\":{\"value\":5}}\n" +
            "{\"create\":{\"_index\":\"plain\",\"_id\":\"3\"}}\n{\"amount\":6,\"other\":\"x\"}\n");

        Assert.Equal([201, 400, 201], Statuses(body));
        Assert.Equal("document_parsing_exception", ErrorType(body, 1));
        Assert.Equal("long", cluster.MappingTypeOf("plain", "amount"));
        Assert.Equal(["1", "3"], cluster.DocumentsIn("plain").Select(d => d.Id));
    }

    [Fact]
    public async Task AnObjectThenAConcreteValueFailsAndAFailedDocumentAddsNoMapping()
    {
        await using var cluster = await ElasticsearchDouble.StartAsync();

        var (_, body) = await BulkAsync(cluster,
            "{\"create\":{\"_index\":\"plain\",\"_id\":\"1\"}}\n{\"user\":{\"id\":1}}\n" +
            "{\"create\":{\"_index\":\"plain\",\"_id\":\"2\"}}\n{\"fresh\":\"x\",\"user\":\"bob\"}\n");

        Assert.Equal([201, 400], Statuses(body));
        Assert.Null(cluster.MappingTypeOf("plain", "fresh"));
    }

    [Fact]
    public async Task FlattenedFieldsTakeAnyValuesWhileTheTotalFieldLimitStopsAMappingExplosion()
    {
        await using var cluster = await ElasticsearchDouble.StartAsync();
        using var client = new HttpClient { BaseAddress = cluster.Address };
        const string template = """{"index_patterns":["flat*"],"template":{"mappings":{"properties":{"attributes":{"type":"flattened"}}}}}""";
        (await client.PutAsync("_index_template/flat", new StringContent(template, Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
        var wide = "{" + string.Join(",", Enumerable.Range(0, 1001).Select(i => $"\"f{i}\":{i}")) + "}";

        var (_, body) = await BulkAsync(cluster,
            "{\"create\":{\"_index\":\"flat\"}}\n{\"attributes\":{\"a\":1,\"b\":{\"c\":true}}}\n" +
            "{\"create\":{\"_index\":\"flat\"}}\n{\"attributes\":{\"a\":{\"x\":\"y\"},\"b\":\"text\"}}\n" +
            $"{{\"create\":{{\"_index\":\"flat\"}}}}\n{{\"attributes\":{wide}}}\n" +
            $"{{\"create\":{{\"_index\":\"wide\"}}}}\n{wide}\n");

        Assert.Equal([201, 201, 201, 400], Statuses(body));
        Assert.Equal("illegal_argument_exception", ErrorType(body, 3));
    }

    [Fact]
    public async Task TemplatesAreStoredValidatedAndAppliedToNewDataStreams()
    {
        await using var cluster = await ElasticsearchDouble.StartAsync();
        using var client = new HttpClient { BaseAddress = cluster.Address };
        static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

        var missingComponent = await client.PutAsync("_index_template/t", Json("""{"index_patterns":["logs-x-*"],"priority":150,"composed_of":["nope"],"data_stream":{}}"""));
        var samePriority = await client.PutAsync("_index_template/t", Json("""{"index_patterns":["logs-x-*"],"priority":100,"data_stream":{}}"""));
        var component = await client.PutAsync("_component_template/t@mappings", Json("""{"template":{"mappings":{"properties":{"n":{"type":"long"}}}}}"""));
        var accepted = await client.PutAsync("_index_template/t", Json("""{"index_patterns":["logs-x-*"],"priority":150,"composed_of":["t@mappings"],"data_stream":{}}"""));
        var (_, body) = await BulkAsync(cluster, "{\"create\":{\"_index\":\"logs-x-y\"}}\n{\"@timestamp\":\"2026-01-01T00:00:00Z\",\"n\":\"not a number\"}\n");

        Assert.Equal(HttpStatusCode.BadRequest, missingComponent.StatusCode);
        Assert.Contains("that do not exist", await missingComponent.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, samePriority.StatusCode);
        Assert.Contains("same priority [100]", await samePriority.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, component.StatusCode);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Contains("t", cluster.IndexTemplates.Keys);
        Assert.Equal([400], Statuses(body));
        Assert.Equal("long", cluster.MappingTypeOf("logs-x-y", "n"));
    }

    [Fact]
    public async Task FaultsComeOnDemand()
    {
        await using var cluster = await ElasticsearchDouble.StartAsync();
        const string item = "{\"create\":{\"_index\":\"logs-a-b\"}}\n{\"@timestamp\":\"2026-01-01T00:00:00Z\"}\n";
        cluster.FailNextRequests(429, 1, TimeSpan.FromSeconds(3));
        using var client = new HttpClient { BaseAddress = cluster.Address };

        using var limited = await client.PostAsync("_bulk", new StringContent(item, Encoding.UTF8, "application/x-ndjson"));
        cluster.FailNextRequests(503, 1);
        var (unavailable, _) = await BulkAsync(cluster, item);
        cluster.DropConnections = true;
        var dropped = await Assert.ThrowsAsync<HttpRequestException>(() => BulkAsync(cluster, item));
        cluster.DropConnections = false;
        var (wrongType, _) = await BulkAsync(cluster, item, "text/plain");
        var (ok, _) = await BulkAsync(cluster, item);

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(3), limited.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, unavailable);
        Assert.NotNull(dropped);
        Assert.Equal(HttpStatusCode.NotAcceptable, wrongType);
        Assert.Equal(HttpStatusCode.OK, ok);
        Assert.Single(cluster.DocumentsIn("logs-a-b"));
    }
}
