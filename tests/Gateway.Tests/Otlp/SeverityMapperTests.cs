using Gateway.Envelope;
using Gateway.Otlp.Mapping;

namespace Gateway.Tests.Otlp;

public sealed class SeverityMapperTests
{
    [Theory]
    [InlineData(1, EventLevel.Debug)] // TRACE counts as debug
    [InlineData(4, EventLevel.Debug)]
    [InlineData(5, EventLevel.Debug)]
    [InlineData(8, EventLevel.Debug)]
    [InlineData(9, EventLevel.Info)]
    [InlineData(12, EventLevel.Info)]
    [InlineData(13, EventLevel.Warn)]
    [InlineData(16, EventLevel.Warn)]
    [InlineData(17, EventLevel.Error)]
    [InlineData(20, EventLevel.Error)]
    [InlineData(21, EventLevel.Fatal)]
    [InlineData(24, EventLevel.Fatal)]
    public void TheSeverityNumberDecidesTheLevel(int number, EventLevel expected)
    {
        // The text disagrees on purpose: a number, when sent, wins.
        Assert.Equal(expected, SeverityMapper.ToLevel(number, "fatal"));
    }

    [Theory]
    [InlineData("trace", EventLevel.Debug)]
    [InlineData("DEBUG", EventLevel.Debug)]
    [InlineData("info", EventLevel.Info)]
    [InlineData("Information", EventLevel.Info)]
    [InlineData("notice", EventLevel.Info)]
    [InlineData("warn", EventLevel.Warn)]
    [InlineData("Warning", EventLevel.Warn)]
    [InlineData("error", EventLevel.Error)]
    [InlineData("ERR", EventLevel.Error)]
    [InlineData("critical", EventLevel.Fatal)]
    [InlineData("crit", EventLevel.Fatal)]
    [InlineData("Fatal", EventLevel.Fatal)]
    [InlineData("alert", EventLevel.Fatal)]
    [InlineData("emergency", EventLevel.Fatal)]
    [InlineData("PANIC", EventLevel.Fatal)]
    [InlineData(" warning ", EventLevel.Warn)]
    public void WithoutANumberTheTextDecidesCaseInsensitively(string text, EventLevel expected)
    {
        Assert.Equal(expected, SeverityMapper.ToLevel(0, text));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("verbose-ish")]
    [InlineData("a-very-long-unknown-level-name")]
    public void WithNeitherAKnownNumberNorAKnownTextTheLevelIsInfo(string? text)
    {
        Assert.Equal(EventLevel.Info, SeverityMapper.ToLevel(0, text));
        Assert.Equal(EventLevel.Info, SeverityMapper.ToLevel(25, text));
    }
}
