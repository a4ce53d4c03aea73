using Gateway.Envelope;
using Gateway.Exporters;
using Gateway.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Tests.Chat;

public sealed class ChatVolumeTests
{
    [Theory]
    [MemberData(nameof(ChatHarness.Platforms), MemberType = typeof(ChatHarness))]
    public async Task AThousandIdenticalErrorsInABurstPostOneMessageAndOneSummaryWithTheRightCount(string platform)
    {
        await using var harness = await ChatHarness.StartAsync(platform);
        for (var batch = 0; batch < 10; batch++)
        {
            var envelopes = Enumerable.Range(batch * 100, 100)
                .Select(i => Some.Envelope(name: "payment.failed", level: EventLevel.Error, error: Some.Error(), timeUnixNano: Some.BaseTimeUnixNano + i * 100_000_000L))
                .ToArray();
            Assert.Equal(ExportOutcome.Success, (await harness.ExportAsync(envelopes)).Outcome);
        }

        Assert.Single(harness.Traffic.Accepted);
        Assert.Equal(999, harness.Exporter.PendingInSummaries);

        harness.Time.Advance(TimeSpan.FromMinutes(5));
        await Eventually.TrueAsync(() => harness.Traffic.Accepted.Count == 2, "the group's follow-up summary");

        var summary = ChatPayloads.AllText(harness.Traffic.Accepted[1]);
        Assert.Contains("×999 more in the last 5 min (first 12:00:00 UTC, last 12:01:39 UTC)", summary, StringComparison.Ordinal);
        Assert.Contains("payment.failed", summary, StringComparison.Ordinal);
        Assert.Equal(0, harness.Exporter.PendingInSummaries);
        Assert.Empty(harness.Traffic.Rejections);
    }

    [Theory]
    [MemberData(nameof(ChatHarness.Platforms), MemberType = typeof(ChatHarness))]
    public async Task FiftyDistinctErrorsStayWithinTheRateLimitAndWhatWasHeldBackIsSummarised(string platform)
    {
        await using var harness = await ChatHarness.StartAsync(platform);
        var envelopes = Enumerable.Range(0, 50).Select(i => Some.Envelope(name: $"signup.failed.{i}", level: EventLevel.Error, error: Some.Error())).ToArray();

        Assert.Equal(ExportOutcome.Success, (await harness.ExportAsync(envelopes)).Outcome);
        Assert.Equal(20, harness.Traffic.Accepted.Count);
        Assert.Equal(30, harness.Exporter.PendingInSummaries);

        harness.Time.Advance(TimeSpan.FromMinutes(1));
        await Eventually.TrueAsync(() => harness.Traffic.Accepted.Count == 21, "the held-back summary once the minute has passed");

        var summary = ChatPayloads.AllText(harness.Traffic.Accepted[20]);
        Assert.Contains("30 event(s) held back by the rate limit", summary, StringComparison.Ordinal);
        Assert.Contains("at most 20 messages per minute", summary, StringComparison.Ordinal);
        Assert.Contains("signup.failed.20", summary, StringComparison.Ordinal);
        Assert.Equal(0, harness.Exporter.PendingInSummaries);
    }

    [Fact]
    public async Task AfterTheWindowTheSameErrorIsPostedAgainAndAQuietGroupSendsNoSummary()
    {
        await using var harness = await ChatHarness.StartAsync("slack");
        await harness.ExportAsync(Some.Envelope(name: "payment.failed", error: Some.Error()));

        harness.Time.Advance(TimeSpan.FromMinutes(5));
        await harness.ExportAsync(Some.Envelope(name: "payment.failed", error: Some.Error()));

        Assert.Equal(2, harness.Traffic.Accepted.Count);
        Assert.All(harness.Traffic.Accepted, p => Assert.DoesNotContain("more in the last", ChatPayloads.AllText(p), StringComparison.Ordinal));
    }

    [Fact]
    public async Task ShutdownPostsTheSummariesOfWindowsThatHaveNotEnded()
    {
        await using var harness = await ChatHarness.StartAsync("discord");
        await harness.ExportAsync([.. Enumerable.Range(0, 10).Select(_ => Some.Envelope(name: "payment.failed", error: Some.Error()))]);
        Assert.Single(harness.Traffic.Accepted);

        await harness.Exporter.DisposeAsync();

        Assert.Equal(2, harness.Traffic.Accepted.Count);
        Assert.Contains("×9 more", ChatPayloads.AllText(harness.Traffic.Accepted[1]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TwoExportersOnOneWebhookNeverHaveTwoMessagesInFlight()
    {
        await using var harness = await ChatHarness.StartAsync("slack", o => o.RateLimit = 1000);
        await using var second = ChatHarness.CreateExporter("slack", harness.Double.WebhookUrl, new FakeTimeProvider(), o => o.RateLimit = 1000, name: "sales");
        var first = Enumerable.Range(0, 15).Select(i => Some.Envelope(name: $"a.{i}")).ToArray();
        var other = Enumerable.Range(0, 15).Select(i => Some.Envelope(name: $"b.{i}")).ToArray();

        await Task.WhenAll(
            harness.Exporter.ExportAsync(new EventBatch(first), CancellationToken.None).AsTask(),
            second.ExportAsync(new EventBatch(other), CancellationToken.None).AsTask());

        Assert.Equal(30, harness.Traffic.Accepted.Count);
        Assert.Equal(1, harness.Traffic.MaxInFlight);
    }
}
