using System.Buffers;
using System.Text.RegularExpressions;

namespace Gateway.Processors.Redaction;

/// <summary>The credential of an <c>Authorization: Bearer ...</c> header wherever it was logged.</summary>
public sealed class BearerTokenDetector(RedactionAction action) : ValueDetector("bearer_token", action, minLength: 15)
{
    /// <summary>Tokens this long are redacted even when they are all letters.</summary>
    private const int AlwaysTokenLength = 20;

    /// <summary>A vectorised case-insensitive search: the pre-check runs on every string value of every kept event.</summary>
    private static readonly SearchValues<string> Bearer = SearchValues.Create(["bearer"], StringComparison.OrdinalIgnoreCase);

    private static readonly SearchValues<char> Letters = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    public override Regex Regex => DetectorRegexes.BearerToken();

    public override bool MightMatch(ReadOnlySpan<char> text) => text.ContainsAny(Bearer);

    /// <summary>
    /// Prose such as "Bearer authentication failed" must stay readable: a short match made only of letters is a word,
    /// while real tokens carry digits or punctuation, or are long.
    /// </summary>
    public override bool Accept(ReadOnlySpan<char> match) => match.Length >= AlwaysTokenLength || match.ContainsAnyExcept(Letters);
}
