using System.Text.RegularExpressions;

namespace Gateway.Processors.Redaction;

/// <summary>Card numbers, confirmed by the Luhn checksum so that long order ids and other digit runs survive.</summary>
public sealed class PaymentCardDetector(RedactionAction action) : ValueDetector("payment_card", action)
{
    private const int MinDigits = 13;

    public override Regex Regex => DetectorRegexes.PaymentCard();

    public override bool MightMatch(ReadOnlySpan<char> text) => text.Length >= MinDigits && text.IndexOfAnyInRange('0', '9') >= 0;

    public override bool Accept(ReadOnlySpan<char> match) => Luhn.IsValid(match);
}
