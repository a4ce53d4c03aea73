using System.Text.Json;

namespace Gateway.IntegrationTests.Examples;

/// <summary>What the examples' READMEs promise a user sees in ./data/events.ndjson.</summary>
internal static class ExampleEvents
{
    public static JsonElement Single(IReadOnlyList<JsonElement> envelopes, string level)
    {
        var matching = envelopes.Where(e => e.GetProperty("level").GetString() == level).ToList();
        Assert.True(matching.Count == 1, $"expected one {level} event, got {matching.Count} of: {string.Join('\n', envelopes)}");
        return matching[0];
    }

    public static string Text(JsonElement envelope, params string[] path)
    {
        var element = envelope;
        foreach (var name in path) element = element.GetProperty(name);
        return element.ValueKind == JsonValueKind.String ? element.GetString()! : element.GetRawText();
    }
}
