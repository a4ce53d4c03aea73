using System.Net;
using Gateway.Exporters.Chat.Delivery;
using Gateway.Exporters.Chat.Discord;
using Gateway.Exporters.Chat.Slack;
using Gateway.Exporters.Chat.Teams;
using Gateway.Exporters.Chat.Webhook;

namespace Gateway.Tests.Chat;

/// <summary>How each platform's answers are read: what counts as delivered, refused, throttled or worth another try.</summary>
public sealed class ChatPlatformAnswerTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(200, "ok", PostStatus.Delivered)]
    [InlineData(200, "missing_text_or_fallback_or_attachments", PostStatus.Rejected)]
    [InlineData(400, "invalid_blocks", PostStatus.Rejected)]
    [InlineData(404, "no_service", PostStatus.Rejected)]
    [InlineData(410, "channel_is_archived", PostStatus.Rejected)]
    [InlineData(500, "rollup_error", PostStatus.Failed)]
    public void SlackIsDeliveredOnlyWhenItSaysOk(int status, string body, PostStatus expected)
    {
        var outcome = Answer(new SlackPlatform(), status, body);

        Assert.Equal(expected, outcome.Status);
        if (expected == PostStatus.Rejected) Assert.Contains(body, outcome.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ARetryAfterHeaderAsSecondsOrAsADateIsTheWait()
    {
        using var seconds = Response(429, "rate_limited");
        seconds.Headers.TryAddWithoutValidation("Retry-After", "7");
        using var date = Response(429, string.Empty);
        date.Headers.TryAddWithoutValidation("Retry-After", Now.AddSeconds(12).ToString("R"));

        Assert.Equal(new PostOutcome(PostStatus.Throttled, "rate_limited", TimeSpan.FromSeconds(7)), new TeamsPlatform().Interpret(seconds, "rate_limited", Now));
        Assert.Equal(TimeSpan.FromSeconds(12), new SlackPlatform().Interpret(date, string.Empty, Now).WaitBeforeNext);
    }

    [Fact]
    public void DiscordsRetryAfterInTheBodyWinsOverItsRoundedHeader()
    {
        using var response = Response(429, """{"message":"You are being rate limited.","retry_after":0.25,"global":false}""");
        response.Headers.TryAddWithoutValidation("Retry-After", "1");

        var outcome = new DiscordPlatform(new DiscordExporterOptions()).Interpret(response, """{"message":"You are being rate limited.","retry_after":0.25,"global":false}""", Now);

        Assert.Equal(PostStatus.Throttled, outcome.Status);
        Assert.Equal(TimeSpan.FromSeconds(0.25), outcome.WaitBeforeNext);
    }

    [Fact]
    public void DiscordsFormErrorIsKeptAsTheReason()
    {
        const string body = """{"message":"Invalid Form Body","code":50035,"errors":{"embeds":{"0":{"description":{"_errors":[{"code":"BASE_TYPE_MAX_LENGTH","message":"Must be 4096 or fewer in length."}]}}}}}""";

        var outcome = Answer(new DiscordPlatform(new DiscordExporterOptions()), 400, body);

        Assert.Equal(PostStatus.Rejected, outcome.Status);
        Assert.StartsWith("400 Invalid Form Body {\"embeds\"", outcome.Reason, StringComparison.Ordinal);
        Assert.Contains("Must be 4096 or fewer in length.", outcome.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(202, PostStatus.Delivered)]
    [InlineData(400, PostStatus.Rejected)]
    [InlineData(401, PostStatus.Rejected)]
    [InlineData(408, PostStatus.Failed)]
    [InlineData(502, PostStatus.Failed)]
    public void TeamsAndWebhooksAcceptAny2xx(int status, PostStatus expected)
    {
        Assert.Equal(expected, Answer(new TeamsPlatform(), status, string.Empty).Status);
        Assert.Equal(expected, Answer(new WebhookPlatform(new WebhookExporterOptions()), status, string.Empty).Status);
    }

    [Fact]
    public void DiscordAddsWaitAndThreadToTheWebhooksQuery()
    {
        var platform = new DiscordPlatform(new DiscordExporterOptions { ThreadId = "1234567890123456789" });

        var uri = platform.RequestUri(new Uri("https://discord.com/api/webhooks/1/abc"));

        Assert.Equal("https://discord.com/api/webhooks/1/abc?wait=true&thread_id=1234567890123456789", uri.ToString());
    }

    private static PostOutcome Answer(ChatPlatform platform, int status, string body)
    {
        using var response = Response(status, body);
        return platform.Interpret(response, body, Now);
    }

    private static HttpResponseMessage Response(int status, string body) => new((HttpStatusCode)status) { Content = new StringContent(body) };
}
