namespace Gateway.Exporters.Sentry.Transport;

/// <summary>A service-name pattern of <c>dsn_by_service</c>: <c>*</c> matches any run of characters, <c>?</c> one character.</summary>
public sealed class ServiceGlob(string pattern)
{
    public string Pattern { get; } = pattern;

    public bool IsMatch(ReadOnlySpan<char> text)
    {
        var pattern = Pattern.AsSpan();
        int p = 0, t = 0, star = -1, resume = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || pattern[p] == text[t]))
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
                // Let the last '*' swallow one more character and try again from there.
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
}
