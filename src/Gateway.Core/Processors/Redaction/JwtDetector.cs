using System.Text.RegularExpressions;

namespace Gateway.Processors.Redaction;

public sealed class JwtDetector(RedactionAction action) : ValueDetector("jwt", action, minLength: 10)
{
    public override Regex Regex => DetectorRegexes.Jwt();

    public override bool MightMatch(ReadOnlySpan<char> text) => text.Contains("eyJ", StringComparison.Ordinal);
}
