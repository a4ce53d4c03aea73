namespace Gateway.Matching;

/// <summary>
/// A glob (<c>*</c> any run, <c>?</c> one character), classified once at start so the common shapes (exact,
/// prefix, suffix, contains, any) are one span compare per event; only mixed patterns walk the general matcher.
/// The one glob of the gateway: routes, sampling rules, redaction keys and Sentry's dsn_by_service all use it.
/// </summary>
public sealed class GlobPattern
{
    private readonly Shape _shape;
    private readonly string _literal;
    private readonly StringComparison _comparison;

    private GlobPattern(string pattern, Shape shape, string literal, bool ignoreCase)
    {
        Pattern = pattern;
        _shape = shape;
        _literal = literal;
        _comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
    }

    private enum Shape : byte
    {
        Exact,
        Any,
        Prefix,
        Suffix,
        Contains,
        General,
    }

    public string Pattern { get; }

    public static GlobPattern Compile(string pattern, bool ignoreCase = false)
    {
        var stars = 0;
        var questions = 0;
        foreach (var c in pattern)
        {
            if (c == '*') stars++;
            else if (c == '?') questions++;
        }

        if (stars == 0 && questions == 0) return new GlobPattern(pattern, Shape.Exact, pattern, ignoreCase);
        if (questions == 0 && stars == pattern.Length) return new GlobPattern(pattern, Shape.Any, string.Empty, ignoreCase);
        if (questions == 0 && stars == 1 && pattern[^1] == '*') return new GlobPattern(pattern, Shape.Prefix, pattern[..^1], ignoreCase);
        if (questions == 0 && stars == 1 && pattern[0] == '*') return new GlobPattern(pattern, Shape.Suffix, pattern[1..], ignoreCase);
        if (questions == 0 && stars == 2 && pattern.Length > 2 && pattern[0] == '*' && pattern[^1] == '*') return new GlobPattern(pattern, Shape.Contains, pattern[1..^1], ignoreCase);
        return new GlobPattern(pattern, Shape.General, pattern, ignoreCase);
    }

    /// <summary>True when the pattern has no wildcard, so it can also be compared as a number or a boolean.</summary>
    public bool IsLiteral => _shape == Shape.Exact;

    public bool IsMatch(ReadOnlySpan<char> text) => _shape switch
    {
        Shape.Exact => text.Equals(_literal, _comparison),
        Shape.Any => true,
        Shape.Prefix => text.StartsWith(_literal, _comparison),
        Shape.Suffix => text.EndsWith(_literal, _comparison),
        Shape.Contains => text.Contains(_literal, _comparison),
        _ => MatchGeneral(_literal, text, _comparison == StringComparison.OrdinalIgnoreCase),
    };

    /// <summary>Linear-time wildcard match with one backtrack point (the last star), so no pattern can explode.</summary>
    private static bool MatchGeneral(ReadOnlySpan<char> pattern, ReadOnlySpan<char> text, bool ignoreCase)
    {
        int p = 0, t = 0, star = -1, resume = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || pattern[p] == text[t] || (ignoreCase && char.ToUpperInvariant(pattern[p]) == char.ToUpperInvariant(text[t]))))
            {
                p++;
                t++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                resume = t;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++resume;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*') p++;
        return p == pattern.Length;
    }

    public override string ToString() => Pattern;
}
