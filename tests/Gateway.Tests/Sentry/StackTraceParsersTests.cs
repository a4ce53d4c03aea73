using Gateway.Exporters.Sentry.StackTraces;

namespace Gateway.Tests.Sentry;

public sealed class StackTraceParsersTests
{
    [Theory]
    [InlineData("dotnet.txt", "csharp")]
    [InlineData("java.txt", "java")]
    [InlineData("node.txt", "javascript")]
    [InlineData("firefox.txt", "javascript")]
    [InlineData("safari.txt", "javascript")]
    [InlineData("python.txt", "python")]
    [InlineData("go.txt", "go")]
    public void EachRuntimesStackIsRecognisedWithoutBeingToldTheRuntime(string fixture, string platform)
    {
        Assert.True(new StackTraceParsers().TryParse(Fixture.Stack(fixture), null, out _, out var parsed));
        Assert.Equal(platform, parsed);
    }

    [Fact]
    public void TextThatIsNoStackIsNotParsed()
    {
        Assert.False(new StackTraceParsers().TryParse("something went wrong\nsee logs", "csharp", out var chain, out _));
        Assert.Empty(chain);
    }
}
