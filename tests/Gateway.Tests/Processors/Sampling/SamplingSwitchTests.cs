using Gateway.Configuration;
using Gateway.Host.Hosting;
using Gateway.Processors.Sampling;
using Gateway.Testing;

namespace Gateway.Tests.Processors.Sampling;

/// <summary>What the shipped configuration's sampling is said to keep, and GATEWAY_SAMPLING=off read with the file.</summary>
public sealed class SamplingSwitchTests
{
    private static GatewayConfig LoadShipped(string? sampling)
    {
        var yaml = File.ReadAllText(RepositoryFiles.PathOf("gateway.yaml"));
        var loader = new GatewayConfigLoader(GatewayCatalog.Create(), name => name == "GATEWAY_SAMPLING" ? sampling : null);
        return loader.Load(yaml, "gateway.yaml");
    }

    [Fact]
    public void TheShippedSamplingIsSummedUpInOneSentenceWithHowToKeepEverything()
    {
        Assert.Equal(
            "sampling keeps debug 1%, info 10%, warn and above 100% (a session is kept or dropped whole; 2 rule(s) override the rates; a session's dropped events are kept when it reports an error within 30s); "
            + "a kept event stands for 1/rate events (sampleRate, ×N on the console); set GATEWAY_SAMPLING=off to keep every event",
            SamplingSummary.Describe(LoadShipped(null)));
    }

    [Theory]
    [InlineData("off")]
    [InlineData("OFF")]
    public void OffTakesTheSamplingProcessorOutAndSaysSo(string value)
    {
        var config = LoadShipped(value);

        Assert.True(config.SamplingSwitchedOff);
        Assert.DoesNotContain(config.Processors.Keys, id => id.Type == "sampling");
        Assert.Contains(config.Processors.Keys, id => id.Type == "redaction");
        Assert.Equal("sampling is off (GATEWAY_SAMPLING=off): every event is kept", SamplingSummary.Describe(config));
    }

    [Fact]
    public void OnSamplesAsTheFileSays() => Assert.Contains(LoadShipped("on").Processors.Keys, id => id.Type == "sampling");

    [Fact]
    public void AnUnknownValueIsAnErrorNotIgnored()
    {
        var error = Assert.Throws<ConfigException>(() => LoadShipped("of"));

        Assert.Contains("GATEWAY_SAMPLING is 'of': set it to off", Assert.Single(error.Errors).Message, StringComparison.Ordinal);
    }
}
