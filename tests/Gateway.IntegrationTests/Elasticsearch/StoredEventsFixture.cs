using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Gateway.IntegrationTests.Events;
using Gateway.Testing;
using Gateway.Testing.Elasticsearch;
using Gateway.Testing.Otlp;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Exporter;

namespace Gateway.IntegrationTests.Elasticsearch;

/// <summary>
/// A gateway whose elasticsearch exporter (query API on) has stored a known set of events in the double, sent the
/// ways applications send them: past events as OTLP/JSON with their own timestamps (the SDK stamps records with the
/// current time, so only a hand-built request can carry a day in the past), today's through the real OpenTelemetry
/// .NET SDK over gRPC, and events of the Flux and Igniter shapes through the JSON events API (POST /v1/events).
/// Shared by the query tests of one class, which only read.
/// </summary>
public sealed class StoredEventsFixture : IAsyncLifetime
{
    public static readonly DateTimeOffset Day1 = new(2026, 1, 1, 9, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset Day2 = new(2026, 1, 2, 9, 0, 0, TimeSpan.Zero);

    /// <summary>The day of the events posted to the JSON events API.</summary>
    public const string Day3 = "2026-01-03";

    /// <summary>Events the OTLP/JSON request carries (service <c>shop</c>, all on Day1/Day2).</summary>
    public const int OtlpJsonEvents = 8;

    /// <summary>Events logged through the SDK (service <see cref="OtelLogClient.ServiceName"/>, now).</summary>
    public const int SdkEvents = 3;

    /// <summary>Events posted to /v1/events: two Flux subscription.upgraded (service unknown_service) and one Igniter payment.failed (billing-api), on Day3.</summary>
    public const int JsonApiEvents = 3;

    public const int AllEvents = OtlpJsonEvents + SdkEvents + JsonApiEvents;

    private static readonly Action<ILogger, string, Exception?> InvoicePaid =
        LoggerMessage.Define<string>(LogLevel.Information, new EventId(1, "invoice.paid"), "Invoice {invoice} paid");

    private static readonly Action<ILogger, string, Exception?> InvoiceFailed =
        LoggerMessage.Define<string>(LogLevel.Error, new EventId(2, "invoice.paid"), "Invoice {invoice} payment failed");

    public HttpClient Http { get; } = new();

    public ElasticsearchDouble Elasticsearch { get; private set; } = null!;

    public TestGateway Gateway { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Elasticsearch = await ElasticsearchDouble.StartAsync();
        Gateway = await TestGateway.StartAsync(TestGateway.LoopbackReceivers + $$"""
            exporters:
              elasticsearch:
                endpoints: [{{Elasticsearch.Address.ToString().TrimEnd('/')}}]
                batch: { max_wait: 20ms }
                query: { enabled: true, max_limit: 50 }
            routes:
              - name: everything
                exporters: [elasticsearch]
            """);
        await SendOtlpJsonAsync();
        SendThroughTheSdk();
        await PostToTheEventsApiAsync();
        await Eventually.TrueAsync(() => Elasticsearch.Documents.Count == AllEvents, $"the {AllEvents} events stored");
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await Gateway.DisposeAsync();
        await Elasticsearch.DisposeAsync();
    }

    /// <summary>The body of a 200 answer to <c>GET {pathAndQuery}</c> on the OTLP/HTTP listener; fails the test on any other status.</summary>
    public async Task<string> GetAsync(string pathAndQuery)
    {
        using var response = await Http.GetAsync(new Uri(Gateway.HttpEndpoint, pathAndQuery));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{pathAndQuery}: HTTP {(int)response.StatusCode} {text}");
        return text;
    }

    private async Task SendOtlpJsonAsync()
    {
        var records = new List<string>();
        for (var i = 0; i < 3; i++) records.Add(Record("user.signup", Day1.AddMinutes(i), ("tags.plan", "pro")));
        records.Add(Record("user.signup", Day2, ("tags.plan", "starter")));
        records.Add(Record("user.signup", Day2.AddMinutes(1), ("tags.plan", "starter")));
        records.Add(Record("order.placed", Day1, ("event.value", 10), ("user.id", "u-1")));
        records.Add(Record("order.placed", Day2, ("event.value", 20.5), ("user.id", "u-1")));
        records.Add(Record("order.placed", Day2.AddHours(1), ("event.value", 30), ("user.id", "u-2")));
        var body = """{"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"shop"}}]},"scopeLogs":[{"logRecords":["""
            + string.Join(',', records) + "]}]}]}";
        using var response = await Http.PostAsync(Gateway.HttpLogsEndpoint, new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>Three invoice.paid events as an application logs them: two paid by card, one failed SEPA payment.</summary>
    private void SendThroughTheSdk()
    {
        using var client = OtelLogClient.Create(Gateway.GrpcEndpoint, OtlpExportProtocol.Grpc);
        var logger = client.CreateLogger("Billing");
        Log(logger, "inv-1", "pro", 49.5, "card", "u-7", failed: false);
        Log(logger, "inv-2", "pro", 49.5, "card", "u-8", failed: false);
        Log(logger, "inv-3", "starter", 9, "sepa", "u-9", failed: true);
        Assert.True(client.Flush(), "the SDK could not export to the gateway");
    }

    /// <summary>A Flux batch (as Flux's SDK sends it) and an Igniter error event, both as their products document them.</summary>
    private async Task PostToTheEventsApiAsync()
    {
        var flux = $$$"""
            {"events":[
              {"name":"subscription.upgraded","timestamp":"{{{Day3}}}T10:00:00Z","user_id":"user_123","value":29.5,"properties":{"source":"upsell_modal"},"tags":{"plan":"pro"}},
              {"name":"subscription.upgraded","timestamp":"{{{Day3}}}T11:00:00Z","user_id":"user_456","value":10,"properties":{"source":"pricing_page"},"tags":{"plan":"starter"}}
            ]}
            """;
        var igniter = $$$"""
            {"name":"payment.failed","time":"{{{Day3}}}T12:00:00.000Z","level":"error","service":"billing-api","environment":"production",
             "actor":{"type":"user","id":"user_123","tags":{"plan":"pro"}},"attributes":{"ctx.payment.amount":49.9},
             "error":{"name":"CardDeclinedError","message":"Card declined: insufficient funds","code":"card_declined"}}
            """;
        foreach (var body in new[] { flux, igniter })
        {
            var (status, answer) = await EventsApi.PostAsync(Http, Gateway, body);
            Assert.True(status == HttpStatusCode.OK, $"POST /v1/events: HTTP {(int)status} {answer}");
        }
    }

    private static void Log(ILogger logger, string invoice, string plan, double amount, string method, string user, bool failed)
    {
        using (logger.BeginScope(new Dictionary<string, object> { ["tags.plan"] = plan, ["event.value"] = amount, ["payment.method"] = method, ["user.id"] = user }))
        {
            if (failed) InvoiceFailed(logger, invoice, null);
            else InvoicePaid(logger, invoice, null);
        }
    }

    private static string Record(string name, DateTimeOffset time, params (string Key, object Value)[] attributes)
    {
        var attributeJson = new JsonArray();
        foreach (var (key, value) in attributes)
        {
            JsonObject any = value switch
            {
                int i => new JsonObject { ["intValue"] = i.ToString(CultureInfo.InvariantCulture) },
                double d => new JsonObject { ["doubleValue"] = d },
                _ => new JsonObject { ["stringValue"] = value.ToString() },
            };
            attributeJson.Add(new JsonObject { ["key"] = key, ["value"] = any });
        }

        return new JsonObject
        {
            ["timeUnixNano"] = (time.ToUnixTimeMilliseconds() * 1_000_000).ToString(CultureInfo.InvariantCulture),
            ["severityNumber"] = 9,
            ["eventName"] = name,
            ["body"] = new JsonObject { ["stringValue"] = name },
            ["attributes"] = attributeJson,
        }.ToJsonString();
    }
}
