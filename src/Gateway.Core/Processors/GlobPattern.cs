namespace Gateway.Processors;

/// <summary>
/// A glob with <c>*</c> (any run of characters, dots included) and <c>?</c> (one character), matched without
/// allocating. Plain text without wildcards is an exact match, so most patterns cost one string compare.
/// </summary>
public sealed class GlobPattern
{
    private readonly StringComparison _comparison;
    private readonly bool _hasWildcards;

    public GlobPattern(string pattern, bool ignoreCase)
    {
        Pattern = pattern;
        _comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        _hasWildcards = pattern.AsSpan().IndexOfAny('*', '?') >= 0;
    }

    public string Pattern { get; }

    public bool HasWildcards => _hasWildcards;

    public bool IsMatch(ReadOnlySpan<char> text)
    {
        if (!_hasWildcards) return text.Equals(Pattern, _comparison);
        var pattern = Pattern.AsSpan();
        int p = 0, t = 0, starP = -1, starT = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && pattern[p] == '*')
            {
                starP = p++;
                starT = t;
            }
            else if (p < pattern.Length && (pattern[p] == '?' || SameChar(pattern[p], text[t])))
            {
                p++;
                t++;
            }
            else if (starP >= 0)
            {
                // Let the last star swallow one more character and retry from there.
                p = starP + 1;
                t = ++starT;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*') p++;
        return p == pattern.Length;
    }

    private bool SameChar(char a, char b) =>
        a == b || (_comparison == StringComparison.OrdinalIgnoreCase && char.ToUpperInvariant(a) == char.ToUpperInvariant(b));

    public override string ToString() => Pattern;
}
