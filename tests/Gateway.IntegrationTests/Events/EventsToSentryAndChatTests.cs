using System.Net;
using Gateway.Testing;
using Gateway.Testing.Chat;
using Gateway.Testing.Sentry;

namespace Gateway.IntegrationTests.Events;

/// <summary>Events of the events API reach Sentry and chat as OTLP records do: an error is one Sentry event with parsed frames and one Slack message linking to it.</summary>
[Collection(EventsCollection.Name)]
public sealed class EventsToSentryAndChatTests
{
    [Fact]
    public async Task AnIgniterErrorEventBecomesASentryIssueAndASlackMessageWhileAnInfoEventDoesNot()
    {
        await using var sentry = await SentryDouble.StartAsync();
        await using var slack = await SlackDouble.StartAsync();
        await using var gateway = await TestGateway.StartAsync(TestGateway.LoopbackReceivers + $"""
            exporters:
              sentry:
                dsn: {sentry.Dsn("9")}
                in_app_include: [/app/]
              slack/oncall:
                url: {slack.WebhookUrl}
                sentry_url: https://acme.sentry.io
            routes:
              - name: errors
                match: {"{"} level: ">=error" {"}"}
                exporters: [sentry, slack/oncall]
            """);
        using var http = new HttpClient();

        var (status, _) = await EventsApi.PostAsync(http, gateway, $"[{EventsApi.Example("igniter.json")}, {EventsApi.Example("flux.json")}]");

        Assert.Equal(HttpStatusCode.OK, status);
        await Eventually.TrueAsync(() => sentry.Events.Count >= 1 && slack.Traffic.Accepted.Count >= 1, "Sentry and Slack both received the error");
        var payload = Assert.Single(sentry.EventsOf("9")).Payload;
        Assert.Equal("error", payload.GetProperty("level").GetString());
        Assert.Equal("production", payload.GetProperty("environment").GetString());
        Assert.Equal("billing-api@2.3.1", payload.GetProperty("release").GetString());
        Assert.Equal("usr_123", payload.GetProperty("user").GetProperty("id").GetString());
        var values = payload.GetProperty("exception").GetProperty("values");
        var exception = values[values.GetArrayLength() - 1];
        Assert.Equal("CardDeclinedError", exception.GetProperty("type").GetString());
        Assert.Equal("Card declined: insufficient funds", exception.GetProperty("value").GetString());
        var frames = exception.GetProperty("stacktrace").GetProperty("frames");
        var thrower = frames[frames.GetArrayLength() - 1];
        Assert.Equal("charge", thrower.GetProperty("function").GetString());
        Assert.Equal(42, thrower.GetProperty("lineno").GetInt32());
        var message = Assert.Single(slack.Traffic.Accepted).GetRawText();
        Assert.Contains("Card declined: insufficient funds", message, StringComparison.Ordinal);
        Assert.Contains("billing-api", message, StringComparison.Ordinal);
        Assert.Contains($"https://acme.sentry.io/issues/?query={Assert.Single(sentry.Events).EventId}", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryShapesExampleReachesChatAndTheErrorsAmongThemReachSentry()
    {
        await using var sentry = await SentryDouble.StartAsync();
        await using var slack = await SlackDouble.StartAsync();
        await using var gateway = await TestGateway.StartAsync(TestGateway.LoopbackReceivers + $"""
            exporters:
              sentry:
                dsn: {sentry.Dsn("4")}
              slack/events:
                url: {slack.WebhookUrl}
                group_window: 0s
                rate_limit: 100
            routes:
              - name: errors
                match: {"{"} level: ">=error" {"}"}
                exporters: [sentry]
                continue: true
              - name: everything
                exporters: [slack/events]
            """);
        using var http = new HttpClient();
        // Dash0's severity ERROR makes an error event as Igniter's level does; the other shapes have no level.
        var dash0Error = EventsApi.Example("dash0.json").Replace("\"INFO\"", "\"ERROR\"", StringComparison.Ordinal).Replace("purchase_completed", "purchase_failed", StringComparison.Ordinal).Replace("User completed purchase", "Purchase failed", StringComparison.Ordinal);
        string[] bodies = [EventsApi.Example("igniter.json"), EventsApi.Example("flux.json"), EventsApi.Example("operational.json"), EventsApi.Example("tracardi.json"), EventsApi.Example("dash0.json"), dash0Error];

        foreach (var body in bodies)
        {
            var (status, answer) = await EventsApi.PostAsync(http, gateway, body);
            Assert.True(status == HttpStatusCode.OK && answer.GetProperty("rejected").GetInt32() == 0, $"{status} {answer}");
        }

        // A chat message is headed by the event's title when it has one (Dash0's), else by its name.
        string[] names = ["payment.failed", "subscription.upgraded", "payment failed", "page-view", "product-in-basket", "User completed purchase", "Purchase failed"];
        await Eventually.TrueAsync(() => slack.Traffic.Accepted.Count >= names.Length && sentry.Events.Count >= 2, "every event reached Slack and both errors Sentry");
        var messages = slack.Traffic.Accepted.Select(m => m.GetRawText()).ToList();
        foreach (var name in names)
        {
            Assert.True(messages.Count(m => m.Contains(name, StringComparison.Ordinal)) == 1, $"{name} in one message of: {string.Join("\n", messages)}");
        }

        Assert.Equal(2, sentry.EventsOf("4").Count);
        Assert.Contains(sentry.EventsOf("4"), e => e.Payload.GetRawText().Contains("CardDeclinedError", StringComparison.Ordinal));
        Assert.Contains(sentry.EventsOf("4"), e => e.Payload.GetRawText().Contains("purchase_failed", StringComparison.Ordinal));
    }
}
