using System.Globalization;
using System.Text.Json;
using YamlDotNet.RepresentationModel;

namespace Gateway.Host.RouteTests;

/// <summary>
/// Finds a field by dotted path in a JSON document whose keys may themselves hold dots (<c>attributes.user.email</c>
/// finds <c>{"attributes":{"user.email":...}}</c> as well as nested objects), and compares it with an expected YAML value.
/// </summary>
internal static class JsonFields
{
    public static bool TryFind(JsonElement root, string path, out JsonElement found) => TryFind(root, path.Split('.'), 0, out found);

    private static bool TryFind(JsonElement element, string[] parts, int start, out JsonElement found)
    {
        found = default;
        if (element.ValueKind != JsonValueKind.Object) return false;

        // The longest key first: a flattened "user.email" wins over a nested user: { email }.
        for (var end = parts.Length; end > start; end--)
        {
            var key = string.Join('.', parts, start, end - start);
            if (!element.TryGetProperty(key, out var child)) continue;
            if (end == parts.Length)
            {
                found = child;
                return true;
            }

            if (TryFind(child, parts, end, out found)) return true;
        }

        return false;
    }

    /// <summary>Whether <paramref name="actual"/> is what <paramref name="expected"/> says (numbers by value, "1" matches 1).</summary>
    public static bool Matches(YamlNode expected, JsonElement actual)
    {
        switch (expected)
        {
            case YamlScalarNode scalar:
                return ScalarMatches(scalar, actual);
            case YamlSequenceNode sequence:
                if (actual.ValueKind != JsonValueKind.Array || actual.GetArrayLength() != sequence.Children.Count) return false;
                var i = 0;
                foreach (var item in actual.EnumerateArray())
                {
                    if (!Matches(sequence.Children[i++], item)) return false;
                }

                return true;
            case YamlMappingNode mapping:
                if (actual.ValueKind != JsonValueKind.Object) return false;
                foreach (var (key, value) in mapping.Children)
                {
                    var name = ((YamlScalarNode)key).Value ?? string.Empty;
                    var present = actual.TryGetProperty(name, out var child);
                    if (Configuration.YamlBinder.IsNull(value) ? present && child.ValueKind != JsonValueKind.Null : !present || !Matches(value, child)) return false;
                }

                return true;
            default:
                return false;
        }
    }

    /// <summary>How an expected value reads in a diff: as written.</summary>
    public static string Show(YamlNode expected) => expected switch
    {
        YamlScalarNode scalar when Configuration.YamlBinder.IsNull(scalar) => "(absent)",
        YamlScalarNode scalar => Quote(scalar.Value ?? string.Empty, scalar.Style is YamlDotNet.Core.ScalarStyle.Plain or YamlDotNet.Core.ScalarStyle.Any),
        _ => System.Text.Encoding.UTF8.GetString(YamlJson.ToJson(writer => YamlJson.Write(writer, expected))),
    };

    public static string Show(JsonElement actual) => actual.ValueKind == JsonValueKind.Null ? "null" : actual.GetRawText();

    private static bool ScalarMatches(YamlScalarNode scalar, JsonElement actual)
    {
        var text = scalar.Value ?? string.Empty;
        if (Configuration.YamlBinder.IsNull(scalar)) return actual.ValueKind == JsonValueKind.Null;
        return actual.ValueKind switch
        {
            JsonValueKind.String => actual.GetString() == text,
            JsonValueKind.Number => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && actual.GetDouble().Equals(number),
            JsonValueKind.True => text is "true" or "True",
            JsonValueKind.False => text is "false" or "False",
            _ => false,
        };
    }

    private static string Quote(string text, bool plain) =>
        plain && (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _) || text is "true" or "false") ? text : Quoted(text);

    /// <summary>A string as JSON writes it, without escaping what a terminal shows fine (quotes, non-ASCII letters).</summary>
    public static string Quoted(string text)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(text.Length + 8);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping })) writer.WriteStringValue(text);
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
