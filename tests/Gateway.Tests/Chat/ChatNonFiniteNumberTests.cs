using Gateway.Exporters;
using Gateway.Testing;

namespace Gateway.Tests.Chat;

/// <summary>An event carrying NaN or an infinity is posted on every platform, the number shown as the string every writer uses.</summary>
public sealed class ChatNonFiniteNumberTests
{
    [Theory]
    [MemberData(nameof(ChatHarness.Platforms), MemberType = typeof(ChatHarness))]
    public async Task EachEventIsPostedWithTheNumberAsItsString(string platform)
    {
        await using var harness = await ChatHarness.StartAsync(platform, o => o.Template = "{name}: ratio {attributes.ratio}");
        var texts = new List<string>();
        var envelopes = new List<Gateway.Envelope.EventEnvelope>();
        foreach (var row in Some.NonFiniteNumbers)
        {
            var text = (string)row[1];
            texts.Add(text);
            envelopes.Add(Some.NonFiniteEnvelope((double)row[0], name: $"gauge.{text}"));
        }

        var result = await harness.ExportAsync([.. envelopes]);

        Assert.Equal(ExportOutcome.Success, result.Outcome);
        Assert.Empty(harness.Traffic.Rejections);
        Assert.Equal(envelopes.Count, harness.Traffic.Accepted.Count);
        for (var i = 0; i < texts.Count; i++)
        {
            var payload = harness.Traffic.Accepted[i];
            Assert.Contains($"gauge.{texts[i]}: ratio {texts[i]}", ChatPayloads.AllText(payload), StringComparison.Ordinal);
            if (platform == "webhook") Gateway.Tests.Envelope.NonFiniteNumberTests.AssertEveryNumberIs(texts[i], payload.GetProperty("event"));
        }
    }
}
