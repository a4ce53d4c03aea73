using System.Text.Json;
using System.Text.Json.Nodes;

namespace Gateway.Testing;

/// <summary>Whole-document comparisons, so a test states every field a document has (none missing, none extra).</summary>
public static class JsonComparison
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>
    /// Null when <paramref name="actual"/> equals <paramref name="expected"/> (key order aside), except that the values
    /// at <paramref name="variablePaths"/> (dotted, e.g. <c>event.created</c>) need only be present: the times and ids
    /// the gateway makes up as it receives. Otherwise both documents, for <c>Assert.Null</c> to show.
    /// </summary>
    public static string? Difference(string expected, JsonElement actual, params string[] variablePaths)
    {
        var want = JsonNode.Parse(expected)!;
        var got = JsonNode.Parse(actual.GetRawText())!;
        foreach (var path in variablePaths)
        {
            if (!Replace(got, path)) return $"{path} is missing from {actual}";
            Replace(want, path);
        }

        return JsonNode.DeepEquals(want, got) ? null : $"expected:\n{want.ToJsonString(Indented)}\nactual:\n{got.ToJsonString(Indented)}";
    }

    private static bool Replace(JsonNode node, string path)
    {
        var parts = path.Split('.');
        var current = node;
        for (var i = 0; i < parts.Length - 1; i++) current = current?[parts[i]];
        if (current is not JsonObject parent || !parent.ContainsKey(parts[^1])) return false;
        parent[parts[^1]] = "<variable>";
        return true;
    }
}
