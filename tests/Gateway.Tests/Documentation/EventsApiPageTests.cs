using System.Text.Json;
using Gateway.Envelope;
using Gateway.Testing;
using Gateway.Tests.Events;

namespace Gateway.Tests.Documentation;

/// <summary>docs/events-api.md shows real output: each request block on the page gives the envelope(s) in the block after it.</summary>
public sealed class EventsApiPageTests
{
    private const string Page = "docs/events-api.md";

    public static TheoryData<int> Requests() => [.. Enumerable.Range(0, Blocks("json events-request").Count)];

    [Fact]
    public void EveryShapeHasARequestAndTheEnvelopesItGives()
    {
        Assert.Equal(5, Blocks("json events-request").Count);
        Assert.Equal(Blocks("json events-request").Count, Blocks("json envelope").Count);
    }

    [Theory]
    [MemberData(nameof(Requests))]
    public void ARequestOnThePageGivesTheEnvelopesShownUnderIt(int example)
    {
        var (line, request) = Blocks("json events-request")[example];
        var (_, shown) = Blocks("json envelope")[example];
        using var expected = JsonDocument.Parse(shown);
        var envelopes = expected.RootElement.ValueKind == JsonValueKind.Array ? [.. expected.RootElement.EnumerateArray()] : new[] { expected.RootElement };

        var mapped = EventsMapping.Map(request);

        Assert.True(mapped.Outcomes.Reported.Count == 0, $"{Page}:{line}: {string.Join("; ", mapped.Outcomes.Reported)}");
        Assert.Equal(envelopes.Length, mapped.Envelopes.Count);
        for (var i = 0; i < envelopes.Length; i++)
        {
            using var actual = JsonDocument.Parse(EnvelopeJson.ToJson(mapped.Envelopes[i]));
            // The page shows when its requests arrived; the time of an event that had none is that same moment.
            var variable = envelopes[i].GetProperty("time").GetString() == envelopes[i].GetProperty("observedTime").GetString() ? new[] { "observedTime", "time" } : ["observedTime"];
            var difference = JsonComparison.Difference(envelopes[i].GetRawText(), actual.RootElement, variable);
            Assert.True(difference is null, $"{Page}:{line}, envelope {i}: {difference}");
        }
    }

    private static List<(int Line, string Body)> Blocks(string info) => [.. MarkdownPages.FencedBlocks(File.ReadAllText(RepositoryFiles.PathOf(Page)), info)];
}
