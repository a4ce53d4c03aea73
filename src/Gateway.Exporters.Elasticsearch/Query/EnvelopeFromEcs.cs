using System.Text.Json;

namespace Gateway.Exporters.Elasticsearch.Query;

/// <summary>
/// A stored ECS document read back as the gateway's event envelope (the shape the file exporter writes): the inverse
/// of EcsDocumentWriter for every field it keeps. Parts the document does not have are left out.
/// </summary>
public static class EnvelopeFromEcs
{
    public static void Write(Utf8JsonWriter writer, JsonElement source)
    {
        writer.WriteStartObject();
        Copy(writer, "id", source, "event", "id");
        Copy(writer, "name", source, "event", "action");
        Copy(writer, "time", source, "@timestamp");
        Copy(writer, "observedTime", source, "event", "created");
        Copy(writer, "level", source, "log", "level");
        Copy(writer, "severityNumber", source, "event", "severity");
        Copy(writer, "message", source, "message");
        Copy(writer, "title", source, "title");
        Copy(writer, "service", source, "service", "name");
        Copy(writer, "environment", source, "service", "environment");
        Copy(writer, "version", source, "service", "version");
        Copy(writer, "sessionId", source, "session", "id");
        Copy(writer, "actor", source, "actor");
        Copy(writer, "scope", source, "scope");
        Copy(writer, "tags", source, "labels");
        Copy(writer, "attributes", source, "attributes");
        Copy(writer, "value", source, "value");
        Copy(writer, "sampleRate", source, "sample_rate");
        if (Find(source, "error") is { ValueKind: JsonValueKind.Object } error)
        {
            writer.WriteStartObject("error");
            Copy(writer, "type", error, "type");
            Copy(writer, "message", error, "message");
            Copy(writer, "stack", error, "stack_trace");
            Copy(writer, "code", error, "code");
            writer.WriteEndObject();
        }

        if (Find(source, "log", "origin") is { ValueKind: JsonValueKind.Object } origin)
        {
            writer.WriteStartObject("source");
            Copy(writer, "file", origin, "file", "name");
            Copy(writer, "line", origin, "file", "line");
            Copy(writer, "function", origin, "function");
            writer.WriteEndObject();
        }

        Copy(writer, "scopeName", source, "log", "logger");
        Copy(writer, "traceId", source, "trace", "id");
        Copy(writer, "spanId", source, "span", "id");
        Copy(writer, "resource", source, "resource");
        Copy(writer, "body", source, "body");
        writer.WriteEndObject();
    }

    private static void Copy(Utf8JsonWriter writer, string name, JsonElement source, params ReadOnlySpan<string> path)
    {
        if (Find(source, path) is not { } value) return;
        writer.WritePropertyName(name);
        value.WriteTo(writer);
    }

    /// <summary>The value at <paramref name="path"/>, through objects or a dotted key (synthetic _source may flatten).</summary>
    private static JsonElement? Find(JsonElement source, params ReadOnlySpan<string> path)
    {
        var current = source;
        for (var i = 0; i < path.Length; i++)
        {
            if (current.ValueKind != JsonValueKind.Object) return null;
            if (current.TryGetProperty(path[i], out var next))
            {
                current = next;
                continue;
            }

            return i + 1 < path.Length && current.TryGetProperty(string.Join('.', path[i..].ToArray()), out var dotted) ? dotted : null;
        }

        return current;
    }
}
