using Gateway.Envelope;
using Gateway.Processors.Redaction;
using Gateway.Testing;

namespace Gateway.Tests.Processors.Redaction;

public sealed class PaymentCardDetectionTests
{
    [Theory]
    [InlineData("4111111111111111")]
    [InlineData("4111 1111 1111 1111")]
    [InlineData("5555-5555-5555-4444")]
    [InlineData("378282246310005")]
    [InlineData("6011000990139424")]
    public void AValidCardNumberIsMasked(string card)
    {
        var envelope = Some.Envelope(message: $"charged {card} today");
        Run(envelope);
        Assert.Equal("charged [REDACTED:payment_card] today", envelope.Message);
    }

    [Fact]
    public void ACardIsFoundAtEveryPositionInTheText()
    {
        foreach (var card in new[] { "378282246310005", "4111 1111 1111 1111" })
        {
            for (var offset = 0; offset <= 14; offset++)
            {
                var prefix = new string('x', offset);
                var envelope = Some.Envelope(message: $"{prefix}{card}");
                Run(envelope);
                Assert.Equal($"{prefix}[REDACTED:payment_card]", envelope.Message);
            }
        }
    }

    [Theory]
    [InlineData("4929000012345678")]
    [InlineData("4111111111111112")]
    [InlineData("1732368000000")]
    [InlineData("41111111111111111111")]
    public void DigitRunsThatAreNotCardsSurvive(string digits)
    {
        var envelope = Some.Envelope(message: $"order {digits} shipped");
        Run(envelope);
        Assert.Equal($"order {digits} shipped", envelope.Message);
    }

    [Theory]
    [InlineData("4111111111111111", true)]
    [InlineData("4111 1111 1111 1111", true)]
    [InlineData("4929000012345678", false)]
    [InlineData("4111-1111-1111-1112", false)]
    public void LuhnChecksTheDigitsIgnoringSeparators(string number, bool valid) => Assert.Equal(valid, Luhn.IsValid(number));

    private static void Run(EventEnvelope envelope) => RedactionProcessorTests.Run("processors:\n  redaction: {}\n", envelope);
}
