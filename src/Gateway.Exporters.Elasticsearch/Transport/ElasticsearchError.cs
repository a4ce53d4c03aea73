using System.Text.Json;

namespace Gateway.Exporters.Elasticsearch.Transport;

/// <summary>The <c>{"error":{"type","reason"},"status"}</c> body Elasticsearch answers a refused request with.</summary>
public readonly record struct ElasticsearchError(string Type, string Reason)
{
    public static ElasticsearchError Parse(ReadOnlySpan<byte> body, int status)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            using var document = JsonDocument.ParseValue(ref reader);
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("error"u8, out var error))
            {
                if (error.ValueKind == JsonValueKind.String) return new ElasticsearchError("error", error.GetString() ?? string.Empty);
                if (error.ValueKind == JsonValueKind.Object)
                {
                    var type = error.TryGetProperty("type"u8, out var t) ? t.GetString() : null;
                    var reason = error.TryGetProperty("reason"u8, out var r) ? r.GetString() : null;
                    return new ElasticsearchError(type ?? "error", reason ?? string.Empty);
                }
            }
        }
        catch (JsonException)
        {
            // Proxies in front of the cluster answer with HTML or plain text; fall through to the status line.
        }

        var text = System.Text.Encoding.UTF8.GetString(body.Length > 200 ? body[..200] : body).Trim();
        return new ElasticsearchError($"http_{status}", text.Length == 0 ? $"HTTP {status} without a body" : text);
    }

    public override string ToString() => $"{Type}: {Reason}";
}
