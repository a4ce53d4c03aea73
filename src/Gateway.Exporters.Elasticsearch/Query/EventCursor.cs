using System.Text;
using System.Text.Json;

namespace Gateway.Exporters.Elasticsearch.Query;

/// <summary>
/// The page cursor: the last event's sort values (time in epoch milliseconds, event id), as URL-safe base64 of
/// <c>[ms,"id"]</c>, handed back as <c>search_after</c>. Opaque to clients; refused by name when it is not one of ours.
/// </summary>
public static class EventCursor
{
    public static string Format(JsonElement sort) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(sort.GetRawText())).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The sort values of the last event of the previous page, or null for the first page.</summary>
    public static (long Time, string Id)? Parse(string? cursor)
    {
        if (cursor is null) return null;
        try
        {
            var base64 = cursor.Replace('-', '+').Replace('_', '/');
            base64 += new string('=', (4 - (base64.Length % 4)) % 4);
            using var document = JsonDocument.Parse(Convert.FromBase64String(base64));
            var values = document.RootElement;
            if (values.ValueKind == JsonValueKind.Array && values.GetArrayLength() == 2 && values[0].TryGetInt64(out var time) && values[1].ValueKind == JsonValueKind.String)
            {
                return (time, values[1].GetString()!);
            }
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            // Falls through to the refusal below.
        }

        throw new QueryParameterException("cursor", $"'{cursor}' is not a cursor: pass the value of \"next\" from the previous page as it is");
    }
}
