using System.Text.Json;

namespace Gateway.Testing.Elasticsearch;

/// <summary>A document the double accepted: its data stream (or index), backing index, id and source.</summary>
public sealed record StoredDocument(string Target, string BackingIndex, string Id, JsonElement Source)
{
    /// <summary>The value at a dotted path through objects (<c>log.origin.file.line</c>), or null when absent.</summary>
    public JsonElement? Field(string path)
    {
        var current = Source;
        foreach (var part in path.Split('.'))
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(part, out var next)) return null;
            current = next;
        }

        return current;
    }

    /// <summary>The string at <paramref name="path"/>, or null.</summary>
    public string? Text(string path) => Field(path) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;
}
