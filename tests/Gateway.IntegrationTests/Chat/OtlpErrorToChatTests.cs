using System.Text.Json;
using Gateway.Testing;
using Gateway.Testing.Chat;
using Gateway.Testing.Otlp;
using Gateway.Testing.Sentry;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Exporter;

namespace Gateway.IntegrationTests.Chat;

/// <summary>An error logged through the OTel SDK reaches Slack and Sentry; the Slack message links to that same Sentry event.</summary>
public sealed class OtlpErrorToChatTests
{
    [Fact]
    public async Task AnErrorPostsOneSlackMessageWhoseSentryLinkNamesTheEventSentryReceived()
    {
        await using var sentry = await SentryDouble.StartAsync();
        await using var slack = await SlackDouble.StartAsync();
        await using var gateway = await TestGateway.StartAsync(TestGateway.LoopbackReceivers + $"""
            exporters:
              sentry:
                dsn: {sentry.Dsn("7")}
              slack/oncall:
                url: {slack.WebhookUrl}
                kibana_url: https://kibana.example.com
                sentry_url: https://acme.sentry.io
            routes:
              - name: page-oncall
                exporters: [sentry, slack/oncall]
            """);
        using (var client = OtelLogClient.Create(gateway.HttpEndpoint, OtlpExportProtocol.HttpProtobuf))
        {
            var logger = client.CreateLogger("Shop.Payments");
            using (logger.BeginScope(new Dictionary<string, object> { ["session.id"] = "sess-31" }))
            {
                logger.LogError(new InvalidOperationException("Card declined"), "Charge failed");
            }

            Assert.True(client.Flush());
        }

        await Eventually.TrueAsync(() => slack.Traffic.Accepted.Count >= 1 && sentry.Events.Count >= 1, "Slack and Sentry both received the error");
        var message = Assert.Single(slack.Traffic.Accepted).GetRawText();
        var eventId = Assert.Single(sentry.Events).EventId;
        Assert.Contains($"https://acme.sentry.io/issues/?query={eventId}", message, StringComparison.Ordinal);
        Assert.Contains("https://kibana.example.com/app/discover#/", message, StringComparison.Ordinal);
        Assert.Contains("sess-31", message, StringComparison.Ordinal);
        Assert.Contains("Card declined", message, StringComparison.Ordinal);
        Assert.Contains(OtelLogClient.ServiceName, message, StringComparison.Ordinal);
        Assert.Empty(slack.Traffic.Rejections);
    }
}
