using System.Text;

namespace Gateway.Diagnostics;

/// <summary>A label set in canonical form (sorted by name), usable as a dictionary key and printable for Prometheus.</summary>
internal readonly record struct LabelKey(string Text)
{
    public static LabelKey From(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.IsEmpty) return new LabelKey(string.Empty);
        var pairs = new (string Key, string Value)[tags.Length];
        for (var i = 0; i < tags.Length; i++) pairs[i] = (tags[i].Key, tags[i].Value?.ToString() ?? string.Empty);
        return From(pairs);
    }

    public static LabelKey From((string Key, string Value)[] labels)
    {
        if (labels.Length == 0) return new LabelKey(string.Empty);
        var sorted = ((string Key, string Value)[])labels.Clone();
        Array.Sort(sorted, (a, b) => string.CompareOrdinal(a.Key, b.Key));
        var text = new StringBuilder();
        foreach (var (key, value) in sorted)
        {
            if (text.Length > 0) text.Append(',');
            text.Append(Sanitize(key)).Append("=\"").Append(Escape(value)).Append('"');
        }

        return new LabelKey(text.ToString());
    }

    public string ToPrometheus() => Text.Length == 0 ? string.Empty : "{" + Text + "}";

    private static string Escape(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    /// <summary>Prometheus label names allow [a-zA-Z0-9_] only; a dotted tag name becomes underscored.</summary>
    private static string Sanitize(string key)
    {
        var chars = key.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (!char.IsAsciiLetterOrDigit(chars[i]) && chars[i] != '_') chars[i] = '_';
        }

        return new string(chars);
    }
}
