using System.Text.Json;
using System.Text.RegularExpressions;

namespace Gateway.Tests.Chat;

/// <summary>Reads what a reader of each platform would see in a recorded payload: all text, and the two links.</summary>
internal static partial class ChatPayloads
{
    /// <summary>Every string value and property name in the payload, so assertions need not know each platform's layout.</summary>
    public static List<string> Strings(JsonElement payload)
    {
        var strings = new List<string>();
        Collect(payload, strings);
        return strings;
    }

    public static string AllText(JsonElement payload) => string.Join('\n', Strings(payload));

    public static (string? Kibana, string? Sentry) Links(string platform, JsonElement payload)
    {
        string? kibana = null, sentry = null;
        switch (platform)
        {
            case "slack":
                foreach (var block in payload.GetProperty("blocks").EnumerateArray())
                {
                    if (block.GetProperty("type").GetString() != "actions") continue;
                    foreach (var button in block.GetProperty("elements").EnumerateArray()) Assign(button.GetProperty("text").GetProperty("text").GetString(), button.GetProperty("url").GetString());
                }

                break;
            case "discord":
                foreach (var field in payload.GetProperty("embeds")[0].GetProperty("fields").EnumerateArray())
                {
                    if (field.GetProperty("name").GetString() != "Links") continue;
                    foreach (Match link in MarkdownLink().Matches(field.GetProperty("value").GetString()!)) Assign(link.Groups[1].Value, link.Groups[2].Value.Replace("%28", "(", StringComparison.Ordinal).Replace("%29", ")", StringComparison.Ordinal));
                }

                break;
            case "teams":
                var card = payload.GetProperty("attachments")[0].GetProperty("content");
                if (card.TryGetProperty("actions", out var actions))
                {
                    foreach (var action in actions.EnumerateArray()) Assign(action.GetProperty("title").GetString(), action.GetProperty("url").GetString());
                }

                break;
            default:
                if (payload.TryGetProperty("links", out var links))
                {
                    kibana = links.TryGetProperty("kibana", out var k) ? k.GetString() : null;
                    sentry = links.TryGetProperty("sentry", out var s) ? s.GetString() : null;
                }

                break;
        }

        return (kibana, sentry);

        void Assign(string? text, string? url)
        {
            if (text == "Open in Kibana") kibana = url;
            if (text == "Open in Sentry") sentry = url;
        }
    }

    /// <summary>True when a string holds half of a surrogate pair: what a careless cut of an emoji leaves behind.</summary>
    public static bool HasLoneSurrogate(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) { i++; continue; }
            if (char.IsSurrogate(text[i])) return true;
        }

        return false;
    }

    private static void Collect(JsonElement element, List<string> strings)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String: strings.Add(element.GetString()!); break;
            case JsonValueKind.Array: foreach (var item in element.EnumerateArray()) Collect(item, strings); break;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    strings.Add(property.Name);
                    Collect(property.Value, strings);
                }

                break;
        }
    }

    [GeneratedRegex(@"\[([^\]]+)\]\(([^)\s]+)\)")]
    private static partial Regex MarkdownLink();
}
