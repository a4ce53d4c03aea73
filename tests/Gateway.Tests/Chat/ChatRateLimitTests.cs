using Gateway.Envelope;
using Gateway.Exporters;
using Gateway.Exporters.Chat.Discord;
using Gateway.Testing;
using Gateway.Testing.Chat;

namespace Gateway.Tests.Chat;

public sealed class ChatRateLimitTests
{
    [Theory]
    [MemberData(nameof(ChatHarness.Platforms), MemberType = typeof(ChatHarness))]
    public async Task A429IsWaitedOutThenEverythingIsDeliveredOnceAndNothingIsLost(string platform)
    {
        await using var harness = await ChatHarness.StartAsync(platform);

        // Discord says 0.5s in its JSON body (its Retry-After header is rounded up to 1); the others say 2s in Retry-After.
        var delay = platform == "discord" ? TimeSpan.FromSeconds(0.5) : TimeSpan.FromSeconds(2);
        harness.Traffic.RateLimitNext(1, delay, afterPosts: 1);
        var envelopes = Enumerable.Range(0, 3).Select(i => Some.Envelope(name: $"order.failed.{i}", level: EventLevel.Error, error: Some.Error())).ToArray();

        var first = await harness.ExportAsync(envelopes);

        Assert.Equal(ExportOutcome.Partial, first.Outcome);
        Assert.Equal(delay, first.RetryAfter);
        Assert.Equal([1, 2], first.ItemFailures.Select(f => f.Index));
        Assert.All(first.ItemFailures, f => Assert.True(f.Retryable));
        Assert.Single(harness.Traffic.Accepted);

        // The shared retry resends only what failed. Too early, nothing is even attempted.
        var requests = harness.Traffic.Requests;
        var early = await harness.ExportAsync(envelopes[1..]);
        Assert.Equal(ExportOutcome.Partial, early.Outcome);
        Assert.Equal(requests, harness.Traffic.Requests);

        harness.Time.Advance(delay);
        var retried = await harness.ExportAsync(envelopes[1..]);

        Assert.Equal(ExportOutcome.Success, retried.Outcome);
        var accepted = harness.Traffic.Accepted.Select(ChatPayloads.AllText).ToList();
        Assert.Equal(3, accepted.Count);
        foreach (var envelope in envelopes) Assert.Single(accepted, text => text.Contains(envelope.Name, StringComparison.Ordinal));
        Assert.Empty(harness.Traffic.Rejections);
    }

    [Fact]
    public async Task ASummaryRefusedWithA429IsPostedAfterTheDelay()
    {
        await using var harness = await ChatHarness.StartAsync("teams");
        await harness.ExportAsync([.. Enumerable.Range(0, 5).Select(_ => Some.Envelope(name: "payment.failed", error: Some.Error()))]);
        harness.Traffic.RateLimitNext(1, TimeSpan.FromSeconds(30));

        harness.Time.Advance(TimeSpan.FromMinutes(5));
        await Eventually.TrueAsync(() => harness.Traffic.Requests == 2, "the summary's first attempt");
        Assert.Single(harness.Traffic.Accepted);

        harness.Time.Advance(TimeSpan.FromSeconds(31));
        await Eventually.TrueAsync(() => harness.Traffic.Accepted.Count == 2, "the summary after the delay");
        Assert.Contains("×4 more", ChatPayloads.AllText(harness.Traffic.Accepted[1]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARefusedMessageIsAPermanentItemFailureWithThePlatformsReason()
    {
        await using var harness = await ChatHarness.StartAsync("webhook", o => ((Gateway.Exporters.Chat.Webhook.WebhookExporterOptions)o).Secret = "a-different-secret-0123456789");

        var result = await harness.ExportAsync(Some.Envelope(error: Some.Error()));

        Assert.Equal(ExportOutcome.Partial, result.Outcome);
        var failure = Assert.Single(result.ItemFailures);
        Assert.False(failure.Retryable);
        Assert.Contains("signature missing or invalid", failure.Reason, StringComparison.Ordinal);
        Assert.Equal("webhook/oncall", failure.Target);
    }

    [Fact]
    public async Task DiscordsEmptyBucketHeadersPauseTheNextPostBeforeA429Happens()
    {
        await using var harness = await ChatHarness.StartAsync("discord");
        ((DiscordDouble)harness.Double).ReportEmptyBucket(TimeSpan.FromSeconds(1.5));
        var envelopes = new[] { Some.Envelope(name: "a.failed"), Some.Envelope(name: "b.failed") };

        var first = await harness.ExportAsync(envelopes);

        Assert.Equal(ExportOutcome.Partial, first.Outcome);
        Assert.Equal(TimeSpan.FromSeconds(1.5), first.RetryAfter);
        Assert.Equal(1, Assert.Single(first.ItemFailures).Index);
        Assert.Equal(1, harness.Traffic.Requests);

        harness.Time.Advance(TimeSpan.FromSeconds(1.5));
        Assert.Equal(ExportOutcome.Success, (await harness.ExportAsync(envelopes[1..])).Outcome);
        Assert.Equal(2, harness.Traffic.Accepted.Count);
    }

    [Fact]
    public async Task DiscordWithoutWaitCountsA204AsDelivered()
    {
        await using var harness = await ChatHarness.StartAsync("discord", o => ((DiscordExporterOptions)o).Wait = false);

        var result = await harness.ExportAsync(Some.Envelope(error: Some.Error()));

        Assert.Equal(ExportOutcome.Success, result.Outcome);
        Assert.Single(harness.Traffic.Accepted);
        Assert.DoesNotContain("wait=true", Assert.Single(((DiscordDouble)harness.Double).Queries), StringComparison.Ordinal);
    }
}
