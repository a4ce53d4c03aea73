using Gateway.Envelope;

namespace Gateway.Tests.Envelope;

public sealed class EnvelopeTimeTests
{
    [Theory]
    [InlineData(0L, "1970-01-01T00:00:00Z")]
    [InlineData(1_700_000_000_123_000_000L, "2023-11-14T22:13:20.123Z")]
    [InlineData(1_700_000_000_123_456_000L, "2023-11-14T22:13:20.123456Z")]
    [InlineData(1_700_000_000_123_456_789L, "2023-11-14T22:13:20.123456789Z")]
    public void FormatsRfc3339UtcKeepingOnlyTheDigitsThatCarryPrecision(long unixNano, string expected)
    {
        Assert.Equal(expected, EnvelopeTime.Format(unixNano));
        Assert.True(EnvelopeTime.TryParse(expected, out var parsed));
        Assert.Equal(unixNano, parsed);
    }

    [Fact]
    public void IdsRoundTripThroughHex()
    {
        var id = new UInt128(0x0123456789abcdef, 0xfedcba9876543210);
        var hex = EnvelopeIds.ToHex(id);
        Assert.Equal("0123456789abcdeffedcba9876543210", hex);
        Assert.True(EnvelopeIds.TryParseHex(hex, out var back));
        Assert.Equal(id, back);
    }
}
