using System.Text.RegularExpressions;

namespace Gateway.Processors.Redaction;

/// <summary>
/// The built-in detectors' patterns, source-generated at build time. Each starts with a look-behind that only lets a
/// match begin at a token boundary, which keeps the backtracking engine linear on long runs of letters or digits.
/// </summary>
public static partial class DetectorRegexes
{
    [GeneratedRegex(@"(?<![A-Za-z0-9._%+\-])[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}", RegexOptions.CultureInvariant)]
    public static partial Regex Email();

    /// <summary>13 to 19 digits, single spaces or dashes between them, first digit 2-6 (the card networks' ranges).</summary>
    [GeneratedRegex(@"(?<![0-9])[2-6](?:[ \-]?[0-9]){12,18}(?![0-9])", RegexOptions.CultureInvariant)]
    public static partial Regex PaymentCard();

    /// <summary>Header and payload are base64url JSON objects, so both start with "eyJ"; the signature may be empty (alg none).</summary>
    [GeneratedRegex(@"eyJ[A-Za-z0-9_\-]+\.eyJ[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]*", RegexOptions.CultureInvariant)]
    public static partial Regex Jwt();

    /// <summary>The token after "Bearer " (RFC 6750 b64token characters); the word "Bearer" itself stays readable.</summary>
    [GeneratedRegex(@"(?<=\bbearer\s+)[A-Za-z0-9\-._~+/]{8,}=*", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    public static partial Regex BearerToken();

    /// <summary>Long-term (AKIA) and temporary (ASIA) access key ids: the prefix and 16 upper-case letters or digits.</summary>
    [GeneratedRegex(@"(?<![A-Z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])", RegexOptions.CultureInvariant)]
    public static partial Regex AwsAccessKey();

    /// <summary>A PEM private key block of any type (RSA, EC, OPENSSH, ENCRYPTED ...); a block cut short runs to the end of the text.</summary>
    [GeneratedRegex(@"-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----(?:[\s\S]*?-----END [A-Z0-9 ]*PRIVATE KEY-----|[\s\S]*)", RegexOptions.CultureInvariant)]
    public static partial Regex PrivateKey();
}
