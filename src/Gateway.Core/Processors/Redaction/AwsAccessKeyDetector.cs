using System.Text.RegularExpressions;

namespace Gateway.Processors.Redaction;

public sealed class AwsAccessKeyDetector(RedactionAction action) : ValueDetector("aws_access_key", action, minLength: 20)
{
    public override Regex Regex => DetectorRegexes.AwsAccessKey();

    public override bool MightMatch(ReadOnlySpan<char> text) =>
        text.Contains("AKIA", StringComparison.Ordinal) || text.Contains("ASIA", StringComparison.Ordinal);
}
