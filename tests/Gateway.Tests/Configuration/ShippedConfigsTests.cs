using Gateway.Configuration;
using Gateway.Host.Hosting;
using Gateway.Testing;

namespace Gateway.Tests.Configuration;

/// <summary>Every configuration the repository ships (gateway.yaml and the examples) loads with the real component catalog.</summary>
public sealed class ShippedConfigsTests
{
    public static TheoryData<string> Configs() => [.. Gateway.Testing.ShippedConfigs.RelativePaths()];

    [Theory]
    [MemberData(nameof(Configs))]
    public void LoadsWithoutErrors(string relativePath)
    {
        var loader = new GatewayConfigLoader(GatewayCatalog.Create(), Gateway.Testing.ShippedConfigs.Lookup);

        var exception = Record.Exception(() => loader.LoadFile(RepositoryFiles.PathOf(relativePath)));

        Assert.Null(exception);
    }

    [Fact]
    public void TheShippedConfigNeedsNoEnvironmentVariableAndNoExternalService()
    {
        var config = new GatewayConfigLoader(GatewayCatalog.Create(), _ => null).LoadFile(RepositoryFiles.PathOf("gateway.yaml"));

        Assert.Equal(["console", "file"], config.Exporters.Keys.Select(id => id.ToString()).Order(StringComparer.Ordinal));
        Assert.Equal(["redaction", "sampling"], config.Processors.Keys.Select(id => id.ToString()).Order(StringComparer.Ordinal));
    }
}
