using System.Text.RegularExpressions;

namespace Gateway.Processors.Redaction;

/// <summary>Card numbers, confirmed by the Luhn checksum so that long order ids and other digit runs survive.</summary>
public sealed class PaymentCardDetector(RedactionAction action) : ValueDetector("payment_card", action, MinDigits)
{
    private const int MinDigits = 13;

    public override Regex Regex => DetectorRegexes.PaymentCard();

    /// <summary>
    /// True when the text holds 13 digits in one run of digits, spaces and dashes. Any such run covers every 13th
    /// position, so only those positions are probed and text without long digit runs is skipped 13 characters at a time.
    /// </summary>
    public override bool MightMatch(ReadOnlySpan<char> text)
    {
        var from = 0;
        while (from + MinDigits <= text.Length)
        {
            var probe = from + MinDigits - 1;
            if (!IsCardChar(text[probe]))
            {
                from = probe + 1;
                continue;
            }

            var start = probe;
            while (start > from && IsCardChar(text[start - 1])) start--;
            var digits = 0;
            var end = start;
            for (; end < text.Length && IsCardChar(text[end]); end++)
            {
                if (char.IsAsciiDigit(text[end]) && ++digits >= MinDigits) return true;
            }

            from = end + 1;
        }

        return false;
    }

    private static bool IsCardChar(char c) => char.IsAsciiDigit(c) || c is ' ' or '-';

    public override bool Accept(ReadOnlySpan<char> match) => Luhn.IsValid(match);
}
