namespace Gateway.Testing.Elasticsearch;

/// <summary>Elasticsearch's simple wildcard matching ('*' only), as used by index_patterns and path_match.</summary>
internal static class ElasticsearchWildcard
{
    public static bool Matches(string pattern, string value)
    {
        var parts = pattern.Split('*');
        if (parts.Length == 1) return pattern == value;
        if (!value.StartsWith(parts[0], StringComparison.Ordinal)) return false;
        var at = parts[0].Length;
        for (var i = 1; i < parts.Length - 1; i++)
        {
            var found = value.IndexOf(parts[i], at, StringComparison.Ordinal);
            if (found < 0) return false;
            at = found + parts[i].Length;
        }

        var last = parts[^1];
        return value.Length - at >= last.Length && value.EndsWith(last, StringComparison.Ordinal);
    }

    /// <summary>Whether two patterns can match a common name (conservative: by their fixed prefixes and suffixes).</summary>
    public static bool Overlap(string a, string b)
    {
        var prefixA = a.Split('*')[0];
        var prefixB = b.Split('*')[0];
        if (!prefixA.StartsWith(prefixB, StringComparison.Ordinal) && !prefixB.StartsWith(prefixA, StringComparison.Ordinal)) return false;
        if (!a.Contains('*', StringComparison.Ordinal)) return Matches(b, a);
        if (!b.Contains('*', StringComparison.Ordinal)) return Matches(a, b);
        var suffixA = a.Split('*')[^1];
        var suffixB = b.Split('*')[^1];
        return suffixA.EndsWith(suffixB, StringComparison.Ordinal) || suffixB.EndsWith(suffixA, StringComparison.Ordinal);
    }
}
