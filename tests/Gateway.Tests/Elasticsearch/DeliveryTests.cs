using Gateway.Envelope;
using Gateway.Exporters;
using Gateway.Testing;
using Gateway.Testing.Elasticsearch;

namespace Gateway.Tests.Elasticsearch;

public sealed class DeliveryTests
{
    private static EventEnvelope[] Events(int count) => Enumerable.Range(0, count).Select(_ => Some.Envelope()).ToArray();

    [Fact]
    public async Task AnOutageThenRecoveryIndexesEveryEventExactlyOnce()
    {
        await using var cluster = await ElasticsearchDouble.StartAsync();
        using var exporter = await ExporterUnderTest.StartAsync(cluster);
        var events = Events(50);

        cluster.DropConnections = true;
        var dropped = await exporter.ExportAsync(events);
        cluster.DropConnections = false;
        cluster.FailNextRequests(503, 1);
        var unavailable = await exporter.ExportAsync(events);
        cluster.FailNextItems(429, 10);
        var partly = await exporter.ExportAsync(events);
        var recovered = await exporter.ExportAsync(events);
        var again = await exporter.ExportAsync(events);

        Assert.Equal(ExportOutcome.Retryable, dropped.Outcome);
        Assert.Equal(ExportOutcome.Retryable, unavailable.Outcome);
        Assert.Contains("503", unavailable.Reason, StringComparison.Ordinal);
        Assert.Equal(ExportOutcome.Partial, partly.Outcome);
        Assert.Equal(10, partly.ItemFailures.Count);
        Assert.All(partly.ItemFailures, f => Assert.True(f.Retryable));
        Assert.All(partly.ItemFailures, f => Assert.Equal("es_rejected_execution_exception", f.ErrorType));
        Assert.Equal(ExportOutcome.Success, recovered.Outcome);
        Assert.Equal(ExportOutcome.Success, again.Outcome);
        var stored = cluster.DocumentsIn("logs-gateway-production");
        Assert.Equal(50, stored.Count);
        Assert.Equal(events.Select(e => EnvelopeIds.ToHex(e.Id)).Order(), stored.Select(d => d.Id).Order());
    }

    [Fact]
    public async Task RateLimitingIsRetryableWithTheServersRetryAfter()
    {
        await using var cluster = await ElasticsearchDouble.StartAsync();
        using var exporter = await ExporterUnderTest.StartAsync(cluster);
        cluster.FailNextRequests(429, 1, retryAfter: TimeSpan.FromSeconds(7));

        var result = await exporter.ExportAsync(Events(3));

        Assert.Equal(ExportOutcome.Retryable, result.Outcome);
        Assert.Equal(TimeSpan.FromSeconds(7), result.RetryAfter);
        Assert.Empty(cluster.Documents);
    }

    [Fact]
    public async Task ARefusedRequestIsPermanentWithElasticsearchsReason()
    {
        await using var cluster = await ElasticsearchDouble.StartAsync();
        using var exporter = await ExporterUnderTest.StartAsync(cluster);
        cluster.FailNextRequests(403, 1, path: "/_bulk");

        var result = await exporter.ExportAsync(Events(2));

        Assert.Equal(ExportOutcome.Permanent, result.Outcome);
        Assert.Contains("security_exception", result.Reason, StringComparison.Ordinal);
        Assert.Contains("create_doc", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARejectedDocumentIsANonRetryableItemFailureWithTheReasonWhileTheRestIsStored()
    {
        await using var cluster = await ElasticsearchDouble.StartAsync();
        // Set-up skipped and a plain index: attributes are mapped dynamically, so a number then an object conflict.
        const string id = "elasticsearch/rejects";
        using var rejected = new CounterListener("gateway_elasticsearch_rejected_documents", id);
        using var exporter = ExporterUnderTest.Create(cluster, o =>
        {
            o.Setup.Enabled = false;
            o.Index = "shop-events";
        }, id);
        var number = Some.Envelope(attributes: [new KeyValue("amount", AttributeValue.FromLong(5))]);
        var objectValue = Some.Envelope(attributes: [new KeyValue("amount", AttributeValue.FromMap([new KeyValue("value", AttributeValue.FromLong(5))]))]);
        var later = Some.Envelope(attributes: [new KeyValue("amount", AttributeValue.FromLong(7))]);

        var result = await exporter.ExportAsync(number, objectValue, later);

        Assert.Equal(ExportOutcome.Partial, result.Outcome);
        var failure = Assert.Single(result.ItemFailures);
        Assert.Equal(1, failure.Index);
        Assert.False(failure.Retryable);
        Assert.Equal("document_parsing_exception", failure.ErrorType);
        Assert.Contains("failed to parse field [attributes.amount] of type [long]", failure.Reason, StringComparison.Ordinal);
        Assert.Equal("shop-events", failure.Target);
        Assert.Equal([EnvelopeIds.ToHex(number.Id), EnvelopeIds.ToHex(later.Id)], cluster.DocumentsIn("shop-events").Select(d => d.Id).Order());
        Assert.Contains(exporter.Logger.Entries, e => e.Id.Id == 3105 && e.Message.Contains("document_parsing_exception", StringComparison.Ordinal));
        Assert.Equal(1, rejected.Total);
    }

    [Fact]
    public async Task ADocumentKeptInTheFailureStoreIsDeliveredButReportedAsAMappingProblem()
    {
        await using var cluster = await ElasticsearchDouble.StartAsync();
        const string id = "elasticsearch/failure-store";
        using var counted = new CounterListener("gateway_elasticsearch_failure_store_documents", id);
        using var exporter = await ExporterUnderTest.StartAsync(cluster, id: id);
        // An operator enabled the failure store on the gateway's template (9.1+) and mapped session.id as a number.
        const string template = """
            {
              "index_patterns": ["logs-gateway-*"], "priority": 200, "data_stream": {},
              "composed_of": ["gateway-logs@settings", "gateway-logs@mappings"],
              "template": {
                "data_stream_options": { "failure_store": { "enabled": true } },
                "mappings": { "properties": { "session": { "properties": { "id": { "type": "long" } } } } }
              }
            }
            """;
        using (var client = new HttpClient { BaseAddress = cluster.Address })
        {
            using var put = await client.PutAsync("_index_template/gateway-logs", new StringContent(template, System.Text.Encoding.UTF8, "application/json"));
            put.EnsureSuccessStatusCode();
        }

        var result = await exporter.ExportAsync(Some.Envelope(sessionId: "not-a-number"), Some.Envelope(sessionId: "12"));

        Assert.Equal(ExportOutcome.Success, result.Outcome);
        Assert.Single(cluster.DocumentsIn("logs-gateway-production"));
        Assert.Single(cluster.FailureStoreOf("logs-gateway-production"));
        Assert.Equal(1, counted.Total);
        Assert.Contains(exporter.Logger.Entries, e => e.Id.Id == 3104 && e.Message.Contains("1 document(s)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ADuplicateFromAnEarlierAttemptCountsAsDelivered()
    {
        await using var cluster = await ElasticsearchDouble.StartAsync();
        const string id = "elasticsearch/duplicates";
        using var duplicates = new CounterListener("gateway_elasticsearch_duplicate_documents", id);
        using var exporter = await ExporterUnderTest.StartAsync(cluster, id: id);
        var events = Events(5);
        await exporter.ExportAsync(events[..2]);

        var result = await exporter.ExportAsync(events);

        Assert.Equal(ExportOutcome.Success, result.Outcome);
        Assert.Equal(5, cluster.DocumentsIn("logs-gateway-production").Count);
        Assert.Equal(2, duplicates.Total);
    }
}
