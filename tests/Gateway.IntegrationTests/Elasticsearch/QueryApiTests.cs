using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Gateway.IntegrationTests.Events;
using Gateway.Testing.Diagnostics;
using Gateway.Testing.Otlp;

namespace Gateway.IntegrationTests.Elasticsearch;

/// <summary>
/// Events sent over OTLP (hand-built OTLP/JSON and the real SDK) and through the JSON events API, stored by the
/// elasticsearch exporter in the double, then asked about through the query API on the OTLP/HTTP listener: counted,
/// grouped, per day, summed and paged as a user would check them by hand. In the events API's collection: posting
/// events moves the process-wide events counters those tests read.
/// </summary>
[Collection(EventsCollection.Name)]
public sealed class QueryApiTests(StoredEventsFixture stored) : IClassFixture<StoredEventsFixture>
{
    [Fact]
    public async Task EventsAreCountedByNamePatternTimeTagServiceAndLevel()
    {
        Assert.Equal("""{"count":5}""", await stored.GetAsync("api/v1/events/count?name=user.signup"));
        Assert.Equal("""{"count":14}""", await stored.GetAsync("api/v1/events/count"));
        Assert.Equal("""{"count":8}""", await stored.GetAsync("api/v1/events/count?name=*.*&from=2026-01-01&to=2026-01-02"));
        Assert.Equal("""{"count":3}""", await stored.GetAsync("api/v1/events/count?name=user.*&to=2026-01-01"));
        Assert.Equal("""{"count":2}""", await stored.GetAsync("api/v1/events/count?name=order.placed&from=2026-01-02T00:00:00Z"));
        Assert.Equal("""{"count":2}""", await stored.GetAsync("api/v1/events/count?tags[plan]=starter&service=shop&level=info"));
        // Only the SDK's events are from today.
        Assert.Equal("""{"count":3}""", await stored.GetAsync("api/v1/events/count?from=now-7d"));
        Assert.Equal("""{"count":3}""", await stored.GetAsync("api/v1/events/count?name=invoice.*&period=month"));
        Assert.Equal("""{"count":1}""", await stored.GetAsync("api/v1/events/count?name=invoice.paid&level=error,fatal"));
    }

    [Fact]
    public async Task EventsAreGroupedByTagServiceLevelNameAttributeAndActor()
    {
        Assert.Equal("""{"pro":3,"starter":2}""", await stored.GetAsync("api/v1/events/count?name=user.signup&group_by=tags.plan"));
        Assert.Equal("""{"pro":2,"starter":1}""", await stored.GetAsync("api/v1/events/count?name=invoice.paid&group_by=tags.plan"));
        Assert.Equal($$"""{"shop":8,"{{OtelLogClient.ServiceName}}":3,"unknown_service":2,"billing-api":1}""", await stored.GetAsync("api/v1/events/count?group_by=service"));
        Assert.Equal("""{"info":2,"error":1}""", await stored.GetAsync("api/v1/events/count?from=now-7d&group_by=level"));
        Assert.Equal("""{"user.signup":5,"invoice.paid":3,"order.placed":3,"subscription.upgraded":2,"payment.failed":1}""", await stored.GetAsync("api/v1/events/count?group_by=name"));
        Assert.Equal("""{"card":2,"sepa":1}""", await stored.GetAsync("api/v1/events/count?name=invoice.paid&group_by=attributes.payment.method"));
        Assert.Equal("""{"u-1":2,"u-2":1}""", await stored.GetAsync("api/v1/events/count?name=order.placed&group_by=actor.id"));
    }

    [Fact]
    public async Task EventsAreCountedPerIntervalAloneAndPerGroup()
    {
        Assert.Equal("""{"2026-01-01T00:00:00.000Z":3,"2026-01-02T00:00:00.000Z":2}""", await stored.GetAsync("api/v1/events/count?name=user.signup&interval=day"));
        Assert.Equal(
            """{"2026-01-01T00:00:00.000Z":{"pro":3},"2026-01-02T00:00:00.000Z":{"starter":2}}""",
            await stored.GetAsync("api/v1/events/count?name=user.signup&interval=day&group_by=tags.plan"));
        Assert.Equal("""{"2026-01-01T00:00:00.000Z":11}""", await stored.GetAsync("api/v1/events/count?to=2026-01-31&interval=month"));
        Assert.Equal(
            """{"2026-01-01T00:00:00.000Z":4,"2026-01-02T00:00:00.000Z":4,"2026-01-03T00:00:00.000Z":3}""",
            await stored.GetAsync("api/v1/events/count?from=2026-01-01&to=2026-01-31&interval=day"));
    }

    [Fact]
    public async Task ValuesAreSummed()
    {
        var orders = JsonNode.Parse(await stored.GetAsync("api/v1/events/stats?name=order.placed&field=value"))!;
        var invoices = JsonNode.Parse(await stored.GetAsync("api/v1/events/stats?name=invoice.*&field=value&tags[plan]=pro"))!;

        Assert.Equal(3, (long)orders["count"]!);
        Assert.Equal(60.5, (double)orders["sum"]!);
        Assert.Equal(60.5 / 3, (double)orders["avg"]!, 6);
        Assert.Equal(10, (double)orders["min"]!);
        Assert.Equal(30, (double)orders["max"]!);
        Assert.Equal("""{"count":2,"sum":99,"avg":49.5,"min":49.5,"max":49.5}""", invoices.ToJsonString());
    }

    [Fact]
    public async Task EventsPostedToTheJsonEventsApiAreCountedGroupedAndSummed()
    {
        Assert.Equal("""{"count":3}""", await stored.GetAsync($"api/v1/events/count?from={StoredEventsFixture.Day3}&to={StoredEventsFixture.Day3}"));
        Assert.Equal("""{"count":2}""", await stored.GetAsync("api/v1/events/count?name=subscription.*"));
        Assert.Equal("""{"pro":1,"starter":1}""", await stored.GetAsync("api/v1/events/count?name=subscription.upgraded&group_by=tags.plan"));
        Assert.Equal("""{"pricing_page":1,"upsell_modal":1}""", await stored.GetAsync("api/v1/events/count?name=subscription.upgraded&group_by=attributes.source"));
        Assert.Equal("""{"user_123":2,"user_456":1}""", await stored.GetAsync($"api/v1/events/count?from={StoredEventsFixture.Day3}&group_by=actor.id&to={StoredEventsFixture.Day3}"));
        Assert.Equal("""{"info":2,"error":1}""", await stored.GetAsync($"api/v1/events/count?from={StoredEventsFixture.Day3}&to={StoredEventsFixture.Day3}&group_by=level"));
        Assert.Equal("""{"count":1}""", await stored.GetAsync("api/v1/events/count?service=billing-api&level=error&name=payment.failed"));
        Assert.Equal("""{"count":2,"sum":39.5,"avg":19.75,"min":10,"max":29.5}""", await stored.GetAsync("api/v1/events/stats?name=subscription.upgraded&field=value"));
        var failed = Assert.Single(JsonNode.Parse(await stored.GetAsync("api/v1/events?name=payment.failed"))!["events"]!.AsArray())!;
        Assert.Equal("Card declined: insufficient funds", (string?)failed["error"]!["message"]);
        Assert.Equal("production", (string?)failed["environment"]);
    }

    [Fact]
    public async Task NoMatchingEventsAreZeroEmptyAndNullStatistics()
    {
        Assert.Equal("""{"count":0}""", await stored.GetAsync("api/v1/events/count?name=nothing.here"));
        Assert.Equal("{}", await stored.GetAsync("api/v1/events/count?name=nothing.here&group_by=tags.plan"));
        Assert.Equal("""{"events":[],"next":null}""", await stored.GetAsync("api/v1/events?name=nothing.here"));
        Assert.Equal("""{"count":0,"sum":0,"avg":null,"min":null,"max":null}""", await stored.GetAsync("api/v1/events/stats?name=nothing.here&field=value"));
    }

    [Fact]
    public async Task EventsComeNewestFirstAsEnvelopesPagedWithACursor()
    {
        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = JsonNode.Parse(await stored.GetAsync("api/v1/events?name=user.signup&limit=2" + (cursor is null ? "" : "&cursor=" + cursor)))!;
            foreach (var envelope in page["events"]!.AsArray())
            {
                Assert.Equal("user.signup", (string?)envelope!["name"]);
                Assert.Equal("shop", (string?)envelope["service"]);
                Assert.NotNull((string?)envelope["tags"]!["plan"]);
                seen.Add((string)envelope["time"]!);
            }

            cursor = (string?)page["next"];
            pages++;
        }
        while (cursor is not null && pages < 10);

        Assert.Equal(5, seen.Count);
        Assert.Equal(5, seen.Distinct().Count());
        Assert.Equal(seen.OrderByDescending(t => DateTimeOffset.Parse(t, CultureInfo.InvariantCulture)), seen);
        Assert.Equal(3, pages);
    }

    [Fact]
    public async Task AnSdkEventComesBackAsTheEnvelopeItWasStoredAs()
    {
        var page = JsonNode.Parse(await stored.GetAsync("api/v1/events?name=invoice.paid&level=error"))!;

        var envelope = Assert.Single(page["events"]!.AsArray())!;
        Assert.Equal("invoice.paid", (string?)envelope["name"]);
        Assert.Equal("error", (string?)envelope["level"]);
        Assert.Equal("Invoice inv-3 payment failed", (string?)envelope["message"]);
        Assert.Equal(OtelLogClient.ServiceName, (string?)envelope["service"]);
        Assert.Equal(OtelLogClient.Environment, (string?)envelope["environment"]);
        Assert.Equal("starter", (string?)envelope["tags"]!["plan"]);
        Assert.Equal("u-9", (string?)envelope["actor"]!["id"]);
        Assert.Equal(9, (double)envelope["value"]!);
        Assert.Equal("sepa", (string?)envelope["attributes"]!["payment.method"]);
        Assert.Null((string?)page["next"]);
    }

    [Theory]
    [InlineData("api/v1/events/count?from=yesterday", "from", "now-7d")]
    [InlineData("api/v1/events/count?to=2024-13-01", "to", "2024-01-31")]
    [InlineData("api/v1/events/count?period=fortnight", "period", "hour, day, week, month or year")]
    [InlineData("api/v1/events/count?period=day&from=now-1d", "period", "not both")]
    [InlineData("api/v1/events/count?group_by=colour", "group_by", "tags.<key>")]
    [InlineData("api/v1/events/count?interval=decade", "interval", "hour, day, week or month")]
    [InlineData("api/v1/events/count?level=critical", "level", "debug, info, warn, error, fatal")]
    [InlineData("api/v1/events/count?tag[plan]=pro", "tag[plan]", "tags[<key>]")]
    [InlineData("api/v1/events?limit=0", "limit", "from 1 to 50")]
    [InlineData("api/v1/events?cursor=not-a-cursor", "cursor", "\"next\"")]
    [InlineData("api/v1/events/stats?name=order.placed&field=price", "field", "field=value")]
    [InlineData("api/v1/events/stats?name=order.placed", "field", "field=value")]
    public async Task ABadParameterIsRefusedByNameWithTheAcceptedFormsAndCounted(string pathAndQuery, string parameter, string acceptedForm)
    {
        using var counters = new MetricRecorder();

        using var response = await stored.Http.GetAsync(new Uri(stored.Gateway.HttpEndpoint, pathAndQuery));
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(parameter, (string?)body["parameter"]);
        Assert.Contains(acceptedForm, (string?)body["error"], StringComparison.Ordinal);
        Assert.Equal(1, counters.Sum("otelcol_receiver_refused_requests", "transport", "http", "reason", "query_bad_parameter"));
    }

    [Fact]
    public async Task AnElasticsearchErrorIsA502WithItsReason()
    {
        stored.Elasticsearch.FailNextRequests(400, 1, path: "/logs-gateway-");

        using var response = await stored.Http.GetAsync(new Uri(stored.Gateway.HttpEndpoint, "api/v1/events/count?group_by=level"));
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal(400, (int)body["elasticsearch"]!["status"]!);
        Assert.Contains("HTTP 400 injected", (string?)body["elasticsearch"]!["reason"], StringComparison.Ordinal);
        // The next question is answered again: nothing of the failure stays behind.
        Assert.Equal("""{"count":14}""", await stored.GetAsync("api/v1/events/count"));
    }
}
