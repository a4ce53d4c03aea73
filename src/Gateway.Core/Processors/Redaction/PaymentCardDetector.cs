using System.Text.RegularExpressions;

namespace Gateway.Processors.Redaction;

/// <summary>Card numbers, confirmed by the Luhn checksum so that long order ids and other digit runs survive.</summary>
public sealed class PaymentCardDetector(RedactionAction action) : ValueDetector("payment_card", action, MinDigits)
{
    private const int MinDigits = 13;

    public override Regex Regex => DetectorRegexes.PaymentCard();

    /// <summary>True when the text holds a run of 13 digits (single spaces or dashes between them allowed).</summary>
    public override bool MightMatch(ReadOnlySpan<char> text)
    {
        var rest = text;
        while (rest.Length >= MinDigits)
        {
            var start = rest.IndexOfAnyInRange('0', '9');
            if (start < 0) return false;
            rest = rest[start..];
            var digits = 0;
            var i = 0;
            for (; i < rest.Length; i++)
            {
                var c = rest[i];
                if (char.IsAsciiDigit(c))
                {
                    if (++digits >= MinDigits) return true;
                }
                else if (c is not (' ' or '-') || i + 1 >= rest.Length || !char.IsAsciiDigit(rest[i + 1]))
                {
                    break;
                }
            }

            rest = rest[i..];
        }

        return false;
    }

    public override bool Accept(ReadOnlySpan<char> match) => Luhn.IsValid(match);
}
