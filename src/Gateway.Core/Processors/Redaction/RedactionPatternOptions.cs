using System.Text.RegularExpressions;
using Gateway.Configuration;

namespace Gateway.Processors.Redaction;

/// <summary>One entry of <c>patterns:</c>: a user-supplied regular expression run on every string value.</summary>
public sealed class RedactionPatternOptions : IValidatableOptions
{
    /// <summary>Shown in <c>[REDACTED:name]</c> and in the redactions counter's <c>rule</c> tag.</summary>
    public string? Name { get; set; }

    public string? Regex { get; set; }

    /// <summary>Optional literal that every match contains; strings without it skip the regex (the cheap pre-check).</summary>
    public string? Contains { get; set; }

    public RedactionAction Action { get; set; } = RedactionAction.Mask;

    public void Validate(OptionsValidationContext context)
    {
        if (string.IsNullOrWhiteSpace(Name)) context.Error("name", "is required: write a short label such as name: ticket_id (it appears as [REDACTED:ticket_id])");
        else if (Name.AsSpan().IndexOfAny(" []") >= 0) context.Error("name", $"'{Name}' contains a space or bracket: use letters, digits, '_' or '-', e.g. name: ticket_id");
        if (string.IsNullOrEmpty(Regex))
        {
            context.Error("regex", "is required: write the regular expression to redact, e.g. regex: 'TCK-[0-9]{6}'");
            return;
        }

        if (Contains is { Length: 0 }) context.Error("contains", "is empty: remove it, or write a literal every match contains, e.g. contains: 'TCK-'");
        if (!TryCompile(Regex, out var regex, out var problem))
        {
            context.Error("regex", $"'{Regex}' is not a usable regular expression ({problem}); check brackets and escape special characters with a backslash, e.g. regex: 'order-[0-9]+\\.pdf' (backreferences and lookarounds are not supported)");
        }
        else if (regex!.IsMatch(string.Empty))
        {
            context.Error("regex", $"'{Regex}' also matches empty text, so it would redact between every character; require at least one character, e.g. '+' instead of '*'");
        }
    }

    /// <summary>
    /// User patterns run on every string of every event, so they use the non-backtracking engine: matching time is
    /// linear in the input and a careless pattern cannot stall the receiving thread.
    /// </summary>
    public static bool TryCompile(string pattern, out Regex? regex, out string? problem)
    {
        try
        {
            regex = new Regex(pattern, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);
            problem = null;
            return true;
        }
        catch (ArgumentException e)
        {
            regex = null;
            problem = e.Message;
            return false;
        }
        catch (NotSupportedException e)
        {
            regex = null;
            problem = e.Message;
            return false;
        }
    }
}
