using System.Net;
using System.Text.Json;
using Gateway.Testing;
using Gateway.Testing.Elasticsearch;

namespace Gateway.IntegrationTests.Events;

/// <summary>
/// Each shape's documented layout (examples/events-api/) posted to the real gateway: the whole envelope in the file
/// exporter and the whole ECS document in the Elasticsearch double, field by field, as docs/events-api.md tables them.
/// </summary>
[Collection(EventsCollection.Name)]
public sealed class EventShapesTests
{
    private static readonly HttpClient Http = new();

    private static string GatewayYaml(ElasticsearchDouble elasticsearch) => TestGateway.LoopbackReceivers + $$"""
        exporters:
          file:
            path: {dir}/events.ndjson
            batch: { max_wait: 10ms }
          elasticsearch:
            endpoints: [{{elasticsearch.Address.ToString().TrimEnd('/')}}]
            batch: { max_wait: 20ms }
            retry: { initial_interval: 50ms, max_interval: 200ms }
        routes:
          - name: everything
            exporters: [file, elasticsearch]
        """;

    [Fact]
    public async Task AnIgniterEnvelopeMapsOneToOne()
    {
        var (envelope, document) = await SendOneAsync("igniter.json");

        Assert.Null(JsonComparison.Difference("""
            {"id":"","name":"payment.failed","time":"2026-03-14T09:26:53.589Z","observedTime":"","level":"error","severityNumber":17,"severityText":"error",
             "service":"billing-api","environment":"production","version":"2.3.1","sessionId":"ses_7f3a9c",
             "actor":{"type":"user","id":"usr_123","tags":{"role":"admin","plan":"pro"}},
             "scope":{"type":"organization","id":"org_456","tags":{"region":"eu-west"}},
             "attributes":{"ctx.order.id":"ord_1001","ctx.payment.amount":49.9,"ctx.payment.retried":false},
             "error":{"name":"CardDeclinedError","message":"Card declined: insufficient funds","code":"card_declined",
                      "stack":"CardDeclinedError: Card declined: insufficient funds\n    at charge (/app/src/billing/charge.ts:42:11)\n    at async checkout (/app/src/billing/checkout.ts:17:5)"},
             "source":{"causer":"@igniter-js/core","file":"src/billing/charge.ts","line":42}}
            """, envelope, "id", "observedTime"));
        Assert.Null(JsonComparison.Difference("""
            {"@timestamp":"2026-03-14T09:26:53.589Z","message":"Card declined: insufficient funds",
             "log":{"level":"error","logger":"@igniter-js/core","origin":{"file":{"name":"src/billing/charge.ts","line":42}}},
             "service":{"name":"billing-api","version":"2.3.1","environment":"production"},
             "error":{"type":"CardDeclinedError","message":"Card declined: insufficient funds",
                      "stack_trace":"CardDeclinedError: Card declined: insufficient funds\n    at charge (/app/src/billing/charge.ts:42:11)\n    at async checkout (/app/src/billing/checkout.ts:17:5)","code":"card_declined"},
             "event":{"id":"","action":"payment.failed","severity":17,"created":"","dataset":"gateway"},
             "user":{"id":"usr_123"},
             "data_stream":{"type":"logs","dataset":"gateway","namespace":"production"},
             "actor":{"type":"user","id":"usr_123","tags":{"role":"admin","plan":"pro"}},
             "scope":{"type":"organization","id":"org_456","tags":{"region":"eu-west"}},
             "session":{"id":"ses_7f3a9c"},
             "attributes":{"ctx.order.id":"ord_1001","ctx.payment.amount":49.9,"ctx.payment.retried":false},
             "resource":{}}
            """, document.Source, "event.id", "event.created"));
    }

    [Fact]
    public async Task AFluxEventsUserTagsAndValueBecomeTheActorLabelsAndValue()
    {
        var (envelope, document) = await SendOneAsync("flux.json");

        Assert.Null(JsonComparison.Difference("""
            {"id":"","name":"subscription.upgraded","time":"2026-03-14T09:30:00Z","observedTime":"","level":"info","severityNumber":0,
             "service":"unknown_service","actor":{"type":"user","id":"user_123"},
             "attributes":{"from_plan":"starter","to_plan":"pro","source":"upsell_modal"},
             "value":29.99,"tags":{"environment":"production","region":"us-east"}}
            """, envelope, "id", "observedTime"));
        Assert.Null(JsonComparison.Difference("""
            {"@timestamp":"2026-03-14T09:30:00Z","message":"subscription.upgraded","log":{"level":"info"},"service":{"name":"unknown_service"},
             "event":{"id":"","action":"subscription.upgraded","severity":0,"created":"","dataset":"gateway"},
             "user":{"id":"user_123"},"labels":{"environment":"production","region":"us-east"},
             "data_stream":{"type":"logs","dataset":"gateway","namespace":"default"},
             "actor":{"type":"user","id":"user_123"},"value":29.99,
             "attributes":{"from_plan":"starter","to_plan":"pro","source":"upsell_modal"},"resource":{}}
            """, document.Source, "event.id", "event.created"));
    }

    [Fact]
    public async Task AFluxBatchIsOneEventPerElement()
    {
        await using var elasticsearch = await ElasticsearchDouble.StartAsync();
        await using var gateway = await TestGateway.StartAsync(GatewayYaml(elasticsearch));

        var (status, answer) = await EventsApi.PostAsync(Http, gateway, EventsApi.Example("flux-batch.json"));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("""{"accepted":2,"rejected":0,"errors":[]}""", answer.GetRawText());
        var envelopes = await gateway.WaitForEnvelopesAsync(2);
        Assert.Null(JsonComparison.Difference("""
            {"id":"","name":"page.viewed","time":"","observedTime":"","level":"info","severityNumber":0,"service":"unknown_service",
             "actor":{"type":"user","id":"user_123"},"attributes":{"page":"/pricing"}}
            """, EventsApi.Named(envelopes, "page.viewed"), "id", "time", "observedTime"));
        Assert.Null(JsonComparison.Difference("""
            {"id":"","name":"button.clicked","time":"","observedTime":"","level":"info","severityNumber":0,"service":"unknown_service",
             "actor":{"type":"user","id":"user_123"},"attributes":{"button":"signup_cta"}}
            """, EventsApi.Named(envelopes, "button.clicked"), "id", "time", "observedTime"));
        await Eventually.TrueAsync(() => elasticsearch.Documents.Count >= 2, "both events in Elasticsearch");
        Assert.Equal(["button.clicked", "page.viewed"], elasticsearch.Documents.Select(d => d.Text("event.action")).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task AnOperationalEventsRowsAreItsBodyAndItsContextItsSession()
    {
        var (envelope, document) = await SendOneAsync("operational.json");

        Assert.Null(JsonComparison.Difference("""
            {"id":"","name":"payment failed","time":"","observedTime":"","level":"info","severityNumber":0,"service":"unknown_service",
             "sessionId":"billing_sync_2026_03_14","contextStart":true,
             "attributes":{"avatar":"⚠️","type":"rows","notify":true},
             "body":[{"label":"User ID","content":"usr_123"},{"label":"Plan","content":"Pro"},
                     {"label":"Gateway response","type":"json","content":{"code":"card_declined","retryable":true}}],
             "tags":{"category":"billing"}}
            """, envelope, "id", "time", "observedTime"));
        Assert.Equal(envelope.GetProperty("time").GetString(), envelope.GetProperty("observedTime").GetString());
        Assert.Null(JsonComparison.Difference("""
            {"@timestamp":"","message":"payment failed","log":{"level":"info"},"service":{"name":"unknown_service"},
             "event":{"id":"","action":"payment failed","severity":0,"created":"","dataset":"gateway"},
             "labels":{"category":"billing"},"data_stream":{"type":"logs","dataset":"gateway","namespace":"default"},
             "session":{"id":"billing_sync_2026_03_14"},
             "attributes":{"avatar":"⚠️","type":"rows","notify":true},"resource":{},
             "body":{"value":[{"label":"User ID","content":"usr_123"},{"label":"Plan","content":"Pro"},
                              {"label":"Gateway response","type":"json","content":{"code":"card_declined","retryable":true}}]},
             "gateway":{"context_start":true}}
            """, document.Source, "@timestamp", "event.id", "event.created"));
    }

    [Fact]
    public async Task ATracardiPayloadIsOneEventPerEventSharingItsSessionProfileSourceAndContext()
    {
        await using var elasticsearch = await ElasticsearchDouble.StartAsync();
        await using var gateway = await TestGateway.StartAsync(GatewayYaml(elasticsearch));

        var (status, answer) = await EventsApi.PostAsync(Http, gateway, EventsApi.Example("tracardi.json"));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("""{"accepted":2,"rejected":0,"errors":[]}""", answer.GetRawText());
        var envelopes = await gateway.WaitForEnvelopesAsync(2);
        var pageView = EventsApi.Named(envelopes, "page-view");
        Assert.Null(JsonComparison.Difference("""
            {"id":"","name":"page-view","time":"2026-03-14T09:31:00Z","observedTime":"","level":"info","severityNumber":0,"service":"unknown_service",
             "sessionId":"c4e2b9f1-3a7d-4e6b-8f05-1d9a2b3c4e5f","actor":{"type":"profile","id":"7b3e8d2a-5c1f-4a9e-b6d0-e8f7a6b5c4d3"},
             "attributes":{"pageTitle":"Runner 2 sneakers",
                           "context":{"tag":"product-details-page","browser":"Firefox","page":{"url":"https://shop.example.com/p/42"}},
                           "options":{"saveEvent":true}},
             "resource":{"source.id":"9d1c7a52-6f0e-4b8e-a3d1-2c5f8e7b6a40"}}
            """, pageView, "id", "observedTime"));
        Assert.Null(JsonComparison.Difference("""
            {"id":"","name":"product-in-basket","time":"","observedTime":"","level":"info","severityNumber":0,"service":"unknown_service",
             "sessionId":"c4e2b9f1-3a7d-4e6b-8f05-1d9a2b3c4e5f","actor":{"type":"profile","id":"7b3e8d2a-5c1f-4a9e-b6d0-e8f7a6b5c4d3"},
             "attributes":{"product":"Runner 2","price":34.43,"context":{"browser":"Firefox","page":{"url":"https://shop.example.com/p/42"}}},
             "tags":{"promo":true},"resource":{"source.id":"9d1c7a52-6f0e-4b8e-a3d1-2c5f8e7b6a40"}}
            """, EventsApi.Named(envelopes, "product-in-basket"), "id", "time", "observedTime"));
        var document = await DocumentOfAsync(elasticsearch, pageView, expected: 2);
        Assert.Null(JsonComparison.Difference("""
            {"@timestamp":"2026-03-14T09:31:00Z","message":"page-view","log":{"level":"info"},"service":{"name":"unknown_service"},
             "event":{"id":"","action":"page-view","severity":0,"created":"","dataset":"gateway"},
             "data_stream":{"type":"logs","dataset":"gateway","namespace":"default"},
             "actor":{"type":"profile","id":"7b3e8d2a-5c1f-4a9e-b6d0-e8f7a6b5c4d3"},"session":{"id":"c4e2b9f1-3a7d-4e6b-8f05-1d9a2b3c4e5f"},
             "attributes":{"pageTitle":"Runner 2 sneakers",
                           "context":{"tag":"product-details-page","browser":"Firefox","page":{"url":"https://shop.example.com/p/42"}},
                           "options":{"saveEvent":true}},
             "resource":{"source.id":"9d1c7a52-6f0e-4b8e-a3d1-2c5f8e7b6a40"}}
            """, document.Source, "event.id", "event.created"));
        var basket = await DocumentOfAsync(elasticsearch, EventsApi.Named(envelopes, "product-in-basket"), expected: 2);
        Assert.Equal("true", basket.Text("labels.promo"));
    }

    [Fact]
    public async Task ADash0EventsDataIsItsBodyItsTitleItsTitleAndItsSeverityItsLevel()
    {
        var (envelope, document) = await SendOneAsync("dash0.json");

        Assert.Null(JsonComparison.Difference("""
            {"id":"","name":"purchase_completed","time":"2026-03-14T09:32:00Z","observedTime":"","level":"info","severityNumber":9,"severityText":"INFO",
             "service":"unknown_service","attributes":{"order.id":"order-123","order.amount":99.99,"order.currency":"USD"},
             "body":{"orderId":"order-123","amount":99.99},"title":"User completed purchase"}
            """, envelope, "id", "observedTime"));
        Assert.Null(JsonComparison.Difference("""
            {"@timestamp":"2026-03-14T09:32:00Z","message":"User completed purchase","log":{"level":"info"},"service":{"name":"unknown_service"},
             "event":{"id":"","action":"purchase_completed","severity":9,"created":"","dataset":"gateway"},
             "data_stream":{"type":"logs","dataset":"gateway","namespace":"default"},
             "title":"User completed purchase",
             "attributes":{"order.id":"order-123","order.amount":99.99,"order.currency":"USD"},"resource":{},
             "body":{"orderId":"order-123","amount":99.99}}
            """, document.Source, "event.id", "event.created"));
    }

    /// <summary>Posts one example event; returns its envelope from the file and its document from Elasticsearch, checking both carry the same id.</summary>
    private static async Task<(JsonElement Envelope, StoredDocument Document)> SendOneAsync(string example)
    {
        await using var elasticsearch = await ElasticsearchDouble.StartAsync();
        await using var gateway = await TestGateway.StartAsync(GatewayYaml(elasticsearch));

        var (status, answer) = await EventsApi.PostAsync(Http, gateway, EventsApi.Example(example));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("""{"accepted":1,"rejected":0,"errors":[]}""", answer.GetRawText());
        var envelope = Assert.Single(await gateway.WaitForEnvelopesAsync(1));
        return (envelope, await DocumentOfAsync(elasticsearch, envelope, expected: 1));
    }

    private static async Task<StoredDocument> DocumentOfAsync(ElasticsearchDouble elasticsearch, JsonElement envelope, int expected)
    {
        await Eventually.TrueAsync(() => elasticsearch.Documents.Count >= expected, $"{expected} document(s) in Elasticsearch");
        var id = envelope.GetProperty("id").GetString()!;
        Assert.Matches("^[0-9a-f]{32}$", id);
        var document = Assert.Single(elasticsearch.Documents, d => d.Id == id);
        Assert.Equal(id, document.Text("event.id"));
        return document;
    }
}
