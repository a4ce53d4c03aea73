using System.Text.RegularExpressions;

namespace Gateway.Processors.Redaction;

/// <summary>
/// Finds one kind of secret inside string values. A cheap <see cref="MightMatch"/> runs before the regex, so the
/// common string (no '@', no "eyJ", too few digits) costs a vectorised search and nothing else.
/// </summary>
public abstract class ValueDetector
{
    protected ValueDetector(string label, RedactionAction action, int minLength)
    {
        Label = label;
        Action = action;
        MinLength = minLength;
        MaskText = $"[REDACTED:{label}]";
    }

    /// <summary>Shown in the mask (<c>[REDACTED:email]</c>) and used as the counter's <c>rule</c> tag.</summary>
    public string Label { get; }

    public RedactionAction Action { get; }

    public string MaskText { get; }

    /// <summary>The shortest text a match can be: shorter strings (most attribute values) skip the detector outright.</summary>
    public int MinLength { get; }

    public abstract Regex Regex { get; }

    public abstract bool MightMatch(ReadOnlySpan<char> text);

    /// <summary>A check the regex cannot express (the Luhn checksum); a rejected match is left as it is.</summary>
    public virtual bool Accept(ReadOnlySpan<char> match) => true;
}
