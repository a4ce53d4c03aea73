using Gateway.Matching;
namespace Gateway.Routing;

/// <summary>A condition's list of globs (<c>service: [checkout, "payments-*"]</c>): any one matching is enough.</summary>
public sealed class GlobSet
{
    private readonly GlobPattern[] _patterns;

    public GlobSet(GlobPattern[] patterns) => _patterns = patterns;

    public ReadOnlySpan<GlobPattern> Patterns => _patterns;

    /// <summary>Absent fields (null) match nothing; write <c>not: { environment: "*" }</c> to select events without one.</summary>
    public bool IsMatch(string? text)
    {
        if (text is null) return false;
        foreach (var pattern in _patterns)
        {
            if (pattern.IsMatch(text)) return true;
        }

        return false;
    }
}
