using System.Globalization;

namespace Gateway.Exporters.Elasticsearch.Targets;

/// <summary>
/// A plain index name with at most one date part, written as Logstash does: <c>gateway-%{+yyyy.MM.dd}</c>.
/// The date format uses .NET letters (yyyy, MM, dd, HH) on the event's UTC time; hourly is the finest split allowed,
/// because finer indices would flood the cluster with shards.
/// </summary>
public sealed class IndexNamePattern
{
    private const string DateStart = "%{+";

    private IndexNamePattern(string prefix, string? dateFormat, string suffix)
    {
        Prefix = prefix;
        DateFormat = dateFormat;
        Suffix = suffix;
    }

    public string Prefix { get; }

    public string? DateFormat { get; }

    public string Suffix { get; }

    /// <summary>The index_patterns entry that covers every index this pattern makes.</summary>
    public string TemplatePattern => DateFormat is null ? Prefix : Prefix + "*";

    public static bool TryParse(string text, out IndexNamePattern pattern, out string? error)
    {
        pattern = new IndexNamePattern(text, null, string.Empty);
        error = null;
        var start = text.IndexOf(DateStart, StringComparison.Ordinal);
        if (start < 0)
        {
            error = CheckLiteral(text, text);
            return error is null;
        }

        var end = text.IndexOf('}', start);
        if (end < 0)
        {
            error = $"'{text}': the date part is not closed; write e.g. gateway-%{{+yyyy.MM.dd}}";
            return false;
        }

        var prefix = text[..start];
        var format = text[(start + DateStart.Length)..end];
        var suffix = text[(end + 1)..];
        if (suffix.Contains(DateStart, StringComparison.Ordinal))
        {
            error = $"'{text}': only one date part is allowed";
            return false;
        }

        foreach (var c in format)
        {
            if (c is not ('y' or 'M' or 'd' or 'H' or '.' or '-' or '_'))
            {
                error = $"'{text}': the date part may use only yyyy, MM, dd, HH and . - _ (hourly indices are the finest), e.g. %{{+yyyy.MM.dd}}";
                return false;
            }
        }

        if (format.Length == 0 || prefix.Length == 0)
        {
            error = $"'{text}': write a name before the date part, e.g. gateway-%{{+yyyy.MM.dd}}";
            return false;
        }

        error = CheckLiteral(text, prefix + suffix);
        pattern = new IndexNamePattern(prefix, format, suffix);
        return error is null;
    }

    /// <summary>The index for an event at <paramref name="utc"/>.</summary>
    public string Format(DateTime utc) =>
        DateFormat is null ? Prefix : string.Concat(Prefix, utc.ToString(DateFormat, CultureInfo.InvariantCulture), Suffix);

    private static string? CheckLiteral(string text, string literal)
    {
        if (literal.StartsWith('-') || literal.StartsWith('_') || literal.StartsWith('+') || literal.StartsWith('.'))
        {
            return $"'{text}': an index name cannot start with '-', '_', '+' or '.'";
        }

        if (!DataStreamNamePart.IsValidIndexText(literal))
        {
            return $"'{text}': index names are lower case without \\ / * ? \" < > | , # : or spaces, e.g. gateway-%{{+yyyy.MM.dd}}";
        }

        return null;
    }
}
