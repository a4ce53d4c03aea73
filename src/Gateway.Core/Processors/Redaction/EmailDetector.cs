using System.Text.RegularExpressions;

namespace Gateway.Processors.Redaction;

public sealed class EmailDetector(RedactionAction action) : ValueDetector("email", action, minLength: 6)
{
    public override Regex Regex => DetectorRegexes.Email();

    public override bool MightMatch(ReadOnlySpan<char> text) => text.Contains('@');
}
