using System.Text;

namespace Gateway.Exporters.Elasticsearch.Targets;

/// <summary>
/// Makes a dataset or namespace acceptable to Elasticsearch: lower case, none of <c>\ / * ? " &lt; &gt; | , # :</c>,
/// space or '-' (the separator of <c>logs-{dataset}-{namespace}</c>), at most 100 bytes. Bad characters become '_'.
/// </summary>
public static class DataStreamNamePart
{
    public const int MaxBytes = 100;

    /// <summary>The sanitised value, or <paramref name="fallback"/> when nothing usable is left.</summary>
    public static string? Sanitize(string? value, string? fallback)
    {
        if (string.IsNullOrEmpty(value)) return fallback;
        if (IsValid(value)) return value;
        var builder = new StringBuilder(value.Length);
        var bytes = 0;
        foreach (var rune in value.EnumerateRunes())
        {
            var replaced = Rune.IsUpper(rune) ? Rune.ToLowerInvariant(rune) : rune;
            if (IsForbidden(replaced, allowDash: false)) replaced = new Rune('_');
            if (bytes + replaced.Utf8SequenceLength > MaxBytes) break;
            bytes += replaced.Utf8SequenceLength;
            builder.Append(replaced.ToString());
        }

        var result = builder.ToString();
        return result is "" or "." or ".." ? fallback : result;
    }

    private static bool IsValid(string value)
    {
        if (value is "." or ".." || Encoding.UTF8.GetByteCount(value) > MaxBytes) return false;
        foreach (var rune in value.EnumerateRunes())
        {
            if (Rune.IsUpper(rune) || IsForbidden(rune, allowDash: false)) return false;
        }

        return true;
    }

    /// <summary>True when <paramref name="name"/> is usable in an index name: lower case, no forbidden character ('-' allowed).</summary>
    public static bool IsValidIndexText(string name)
    {
        foreach (var rune in name.EnumerateRunes())
        {
            if (Rune.IsUpper(rune) || IsForbidden(rune, allowDash: true)) return false;
        }

        return true;
    }

    private static bool IsForbidden(Rune rune, bool allowDash) =>
        rune.Value is '\\' or '/' or '*' or '?' or '"' or '<' or '>' or '|' or ',' or '#' or ':' or ' '
        || (rune.Value == '-' && !allowDash)
        || Rune.IsControl(rune);
}
