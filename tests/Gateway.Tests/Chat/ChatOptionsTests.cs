using Gateway.Configuration;
using Gateway.Exporters.Chat;
using Gateway.Exporters.Chat.Discord;
using Gateway.Exporters.Chat.Slack;
using Gateway.Exporters.Chat.Teams;
using Gateway.Exporters.Chat.Webhook;
using Gateway.Queues;

namespace Gateway.Tests.Chat;

public sealed class ChatOptionsTests
{
    private static ComponentCatalog Catalog() => new ComponentCatalog()
        .Add(new SlackExporterFactory()).Add(new DiscordExporterFactory()).Add(new TeamsExporterFactory()).Add(new WebhookExporterFactory());

    [Fact]
    public void ARoutePerPlatformLoadsWithSeveralInstancesOfOneType()
    {
        const string yaml = """
            exporters:
              slack/oncall:
                url: https://hooks.slack.com/services/T000/B000/XXXX
                kibana_url: https://kibana.example.com
                sentry_url: https://acme.sentry.io
                attributes: [ctx.order.id]
              slack/sales:
                url: https://hooks.slack.com/services/T000/B001/YYYY
                template: "New signup: {attributes.ctx.plan}"
                group_window: 0s
              discord:
                url: https://discord.com/api/webhooks/123/abc
                thread_id: "1234567890123456789"
              teams:
                url: https://prod-00.westeurope.logic.azure.com:443/workflows/x/triggers/manual/paths/invoke?sig=y
                rate_limit: 10
              webhook/audit:
                url: https://hooks.example.com/gateway
                secret: 0123456789abcdef0123
                headers:
                  X-Api-Key: k
            routes:
              - name: errors
                exporters: [slack/oncall, discord, teams, webhook/audit]
              - name: signups
                exporters: [slack/sales]
            """;

        var config = new GatewayConfigLoader(Catalog()).Load(yaml, "gateway.yaml");

        var sales = Assert.IsType<SlackExporterOptions>(config.Exporters[new ComponentId("slack", "sales")]);
        Assert.Equal(TimeSpan.Zero, sales.GroupWindow);
        Assert.Equal("1234567890123456789", Assert.IsType<DiscordExporterOptions>(config.Exporters[new ComponentId("discord", null)]).ThreadId);
        Assert.Equal(10, Assert.IsType<TeamsExporterOptions>(config.Exporters[new ComponentId("teams", null)]).RateLimit);
        Assert.Equal("k", Assert.IsType<WebhookExporterOptions>(config.Exporters[new ComponentId("webhook", "audit")]).Headers["X-Api-Key"]);
    }

    [Fact]
    public void MistakesAreReportedAtTheirLineWithWhatToWriteInstead()
    {
        const string yaml = """
            exporters:
              slack/oncall:
                url: hooks.slack.com/services/T000
                group_by: [service, nmae]
                template: "{nme} failed"
                kibana_version: eight
              discord:
                url: https://discord.com/api/webhooks/123/abc
                thread_id: general
              webhook:
                url: https://hooks.example.com/x
                secret: short
            """;

        var error = Assert.Throws<ConfigException>(() => new GatewayConfigLoader(Catalog()).Load(yaml, "gateway.yaml"));

        var messages = error.Errors.Select(e => $"{e.Line}: {e.Message}").ToList();
        Assert.Contains(messages, m => m.StartsWith("3: exporters.slack/oncall.url: must be the webhook's http(s) URL, e.g. https://hooks.slack.com/", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("4: ", StringComparison.Ordinal) && m.Contains("unknown field 'nmae'", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("5: ", StringComparison.Ordinal) && m.Contains("unknown placeholder '{nme}'", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("6: ", StringComparison.Ordinal) && m.Contains("like 8.15", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("9: ", StringComparison.Ordinal) && m.Contains("numeric id", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("12: ", StringComparison.Ordinal) && m.Contains("at least 16 characters", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(ChatHarness.Platforms), MemberType = typeof(ChatHarness))]
    public void ChatExportersDropRatherThanBlockAndStopRetryingEventually(string platform)
    {
        var factory = ChatHarness.FactoryFor(platform);
        var options = (ChatExporterOptions)factory.CreateDefaultOptions();

        Assert.Equal(platform, factory.Type);
        Assert.Equal(QueueFullPolicy.DropOldest, options.Queue.Policy);
        Assert.True(options.Retry.MaxElapsedTime > TimeSpan.Zero);
        Assert.Equal(20, options.RateLimit);
        Assert.Equal(TimeSpan.FromMinutes(5), options.GroupWindow);
        Assert.Equal(["service", "name", "error.name"], options.GroupBy);
        Assert.Equal("logs-gateway", options.KibanaDataViewId);
    }
}
