using System.Globalization;
using System.Text;
using Gateway.Envelope;
using Gateway.Exporters;
using Gateway.Testing;

namespace Gateway.Tests.Chat;

public sealed class ChatMessageTests
{
    private const string Family = "👩‍👩‍👧‍👦";
    private const string ThumbsUp = "👍🏽";

    [Theory]
    [MemberData(nameof(ChatHarness.Platforms), MemberType = typeof(ChatHarness))]
    public async Task AnErrorEventBecomesAWellFormedMessageWithEveryFieldAndWorkingLinks(string platform)
    {
        await using var harness = await ChatHarness.StartAsync(platform, o => o.Template = "{name} for order {attributes.ctx.order.id}");
        var stack = string.Join('\n', Enumerable.Range(1, 12).Select(i => $"   at Shop.Payments.Step{i}() in /src/Payments.cs:line {i}"));
        var envelope = Some.Envelope(
            name: "payment.failed",
            level: EventLevel.Error,
            message: "Payment for order ord-1001 failed",
            error: Some.Error(message: "Card declined", stack: "System.InvalidOperationException: Card declined\n" + stack),
            timeUnixNano: Some.BaseTimeUnixNano);

        var result = await harness.ExportAsync(envelope);

        Assert.Equal(ExportOutcome.Success, result.Outcome);
        Assert.Empty(harness.Traffic.Rejections);
        var payload = Assert.Single(harness.Traffic.Accepted);
        var text = ChatPayloads.AllText(payload);
        foreach (var expected in new[] { "payment.failed for order ord-1001", "checkout", "production", "Payment for order ord-1001 failed", "System.InvalidOperationException", "Card declined", "Step1()", "u-42", "acme", "ctx.order.id", "ord-1001", "2026-11-23" })
        {
            Assert.Contains(expected, text, StringComparison.Ordinal);
        }

        if (platform != "webhook")
        {
            // Chat shows the top frames; the generic webhook passes the whole envelope on.
            Assert.DoesNotContain("Step12()", text, StringComparison.Ordinal);
            Assert.Contains("🔴", text, StringComparison.Ordinal);
            Assert.Contains("http.status_code", text, StringComparison.Ordinal);
            Assert.Contains(envelope.IdHex, text, StringComparison.Ordinal);
        }

        var (kibana, sentry) = ChatPayloads.Links(platform, payload);
        Assert.Equal($"{ChatHarness.SentryUrl}/issues/?query={envelope.IdHex}", sentry);
        Assert.NotNull(kibana);
        Assert.StartsWith(ChatHarness.KibanaUrl + "/app/discover#/?_g=(time:(from:'2026-11-23T11:45:00.000Z',to:'2026-11-23T12:15:00.000Z'))", kibana, StringComparison.Ordinal);
        Assert.Contains("dataSource:(dataViewId:'logs-gateway',type:dataView)", kibana, StringComparison.Ordinal);
        Assert.Contains("query:(language:kuery,query:'session.id:%22sess-1%22')", kibana, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EachPlatformGetsItsNativeLayout()
    {
        var envelope = Some.Envelope(name: "payment.failed", level: EventLevel.Error, error: Some.Error(stack: "System.InvalidOperationException: Card declined\n   at Shop.Charge()"));

        await using (var slack = await ChatHarness.StartAsync("slack"))
        {
            await slack.ExportAsync(envelope);
            var blocks = Assert.Single(slack.Traffic.Accepted).GetProperty("blocks");
            Assert.Equal("header", blocks[0].GetProperty("type").GetString());
            Assert.Equal("plain_text", blocks[0].GetProperty("text").GetProperty("type").GetString());
            var types = blocks.EnumerateArray().Select(b => b.GetProperty("type").GetString()).ToList();
            Assert.Contains("context", types);
            Assert.Contains("actions", types);
            Assert.Contains(blocks.EnumerateArray(), b => b.TryGetProperty("fields", out _));
            Assert.Contains(blocks.EnumerateArray(), b => b.TryGetProperty("text", out var t) && t.GetProperty("text").GetString()!.Contains("```", StringComparison.Ordinal));
        }

        await using (var discord = await ChatHarness.StartAsync("discord"))
        {
            await discord.ExportAsync(envelope);
            var embed = Assert.Single(discord.Traffic.Accepted).GetProperty("embeds")[0];
            Assert.Equal(0xE01E5A, embed.GetProperty("color").GetInt32());
            Assert.Contains("Service", embed.GetProperty("fields").EnumerateArray().Select(f => f.GetProperty("name").GetString()));
            Assert.Contains(envelope.IdHex, embed.GetProperty("footer").GetProperty("text").GetString(), StringComparison.Ordinal);
            Assert.Contains("```", embed.GetProperty("description").GetString(), StringComparison.Ordinal);
            Assert.Contains("?wait=true", Assert.Single(((Gateway.Testing.Chat.DiscordDouble)discord.Double).Queries), StringComparison.Ordinal);
        }

        await using (var teams = await ChatHarness.StartAsync("teams"))
        {
            await teams.ExportAsync(envelope);
            var card = Assert.Single(teams.Traffic.Accepted).GetProperty("attachments")[0].GetProperty("content");
            var body = card.GetProperty("body").EnumerateArray().ToList();
            Assert.Equal("Attention", body[0].GetProperty("color").GetString());
            Assert.Contains(body, e => e.GetProperty("type").GetString() == "FactSet");
            Assert.Contains(body, e => e.TryGetProperty("fontType", out var f) && f.GetString() == "Monospace");
        }

        await using (var webhook = await ChatHarness.StartAsync("webhook"))
        {
            await webhook.ExportAsync(envelope);
            var payload = Assert.Single(webhook.Traffic.Accepted);
            Assert.Equal("event", payload.GetProperty("kind").GetString());
            Assert.Equal(envelope.IdHex, payload.GetProperty("event").GetProperty("id").GetString());
            Assert.StartsWith("sha256=", Assert.Single(((Gateway.Testing.Chat.WebhookDouble)webhook.Double).AcceptedHeaders)["X-Gateway-Signature"], StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(ChatHarness.Platforms), MemberType = typeof(ChatHarness))]
    public async Task AHugeStackAndAMessageFullOfEmojiAreCutWithinEveryLimitWithoutARejection(string platform)
    {
        await using var harness = await ChatHarness.StartAsync(platform, o => o.StackFrames = 100);
        var emoji = Repeat(Family + ThumbsUp + "🔥", 700);
        var stack = new StringBuilder("System.InvalidOperationException: boom\n");
        for (var i = 0; stack.Length < 20_000; i++) stack.Append(CultureInfo.InvariantCulture, $"   at Shop.Deeply.Nested.Generic<{new string('T', 400)}>.Frame{i}() in /src/Frame.cs:line {i}\n");
        var envelope = Some.Envelope(
            level: EventLevel.Fatal,
            message: emoji,
            error: Some.Error(message: Repeat(ThumbsUp, 1500), stack: stack.ToString()),
            attributes: [new KeyValue("note", AttributeValue.FromString(Repeat(Family, 800))), new KeyValue("amp", AttributeValue.FromString(Repeat("<&>", 2000)))]);
        envelope.Title = Repeat(Family, 100);

        var result = await harness.ExportAsync(envelope);

        Assert.Equal(ExportOutcome.Success, result.Outcome);
        Assert.Empty(harness.Traffic.Rejections);
        var payload = Assert.Single(harness.Traffic.Accepted);
        var strings = ChatPayloads.Strings(payload);
        Assert.DoesNotContain(strings, ChatPayloads.HasLoneSurrogate);
        foreach (var text in strings)
        {
            foreach (var element in TextElements(text))
            {
                if (element.Contains('\u200D', StringComparison.Ordinal) || element.StartsWith("👩", StringComparison.Ordinal)) Assert.Equal(Family, element);
                if (element.StartsWith("👍", StringComparison.Ordinal)) Assert.Equal(ThumbsUp, element);
            }
        }

        if (platform != "webhook")
        {
            // Cut, not dropped: the message and the stack are there, shortened, and marked as shortened.
            var all = ChatPayloads.AllText(payload);
            Assert.Contains(Family + ThumbsUp + "🔥" + Family, all, StringComparison.Ordinal);
            Assert.Contains("Frame0()", all, StringComparison.Ordinal);
            Assert.Contains("…", all, StringComparison.Ordinal);
        }
    }

    private static string Repeat(string text, int times) => string.Concat(Enumerable.Repeat(text, times));

    private static IEnumerable<string> TextElements(string text)
    {
        var enumerator = StringInfo.GetTextElementEnumerator(text);
        while (enumerator.MoveNext()) yield return (string)enumerator.Current;
    }
}
