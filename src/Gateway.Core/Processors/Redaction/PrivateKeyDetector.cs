using System.Text.RegularExpressions;

namespace Gateway.Processors.Redaction;

public sealed class PrivateKeyDetector(RedactionAction action) : ValueDetector("private_key", action, minLength: 27)
{
    public override Regex Regex => DetectorRegexes.PrivateKey();

    public override bool MightMatch(ReadOnlySpan<char> text) => text.Contains("-----BEGIN", StringComparison.Ordinal);
}
