using System.Text.RegularExpressions;

namespace Gateway.Processors.Redaction;

/// <summary>A user-supplied pattern from <c>patterns:</c>, with its optional literal as the pre-check.</summary>
public sealed class PatternDetector(string name, Regex regex, string? contains, RedactionAction action) : ValueDetector(name, action, minLength: 1)
{
    public override Regex Regex { get; } = regex;

    public override bool MightMatch(ReadOnlySpan<char> text) => contains is null || text.Contains(contains, StringComparison.Ordinal);
}
