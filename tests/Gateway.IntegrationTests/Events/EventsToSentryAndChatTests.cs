using System.Net;
using Gateway.Testing;
using Gateway.Testing.Chat;
using Gateway.Testing.Sentry;

namespace Gateway.IntegrationTests.Events;

/// <summary>An error event of the events API pages as an OTLP error does: one Sentry event with parsed frames, one Slack message linking to it.</summary>
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
}
