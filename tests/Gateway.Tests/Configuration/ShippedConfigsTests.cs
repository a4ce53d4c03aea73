using Gateway.Configuration;
using Gateway.Host.Hosting;

namespace Gateway.Tests.Configuration;

/// <summary>Every configuration the repository ships (gateway.yaml and the examples) loads with the real component catalog.</summary>
public sealed class ShippedConfigsTests
{
    public static TheoryData<string> ShippedConfigs()
    {
        var root = RepositoryRoot();
        var data = new TheoryData<string> { "gateway.yaml" };
        foreach (var file in Directory.EnumerateFiles(Path.Combine(root, "examples"), "*.yaml", SearchOption.AllDirectories))
        {
            if (!file.Contains("node_modules", StringComparison.Ordinal)) data.Add(Path.GetRelativePath(root, file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ShippedConfigs))]
    public void LoadsWithoutErrors(string relativePath)
    {
        var loader = new GatewayConfigLoader(GatewayCatalog.Create(), PlausibleEnvironment);

        var exception = Record.Exception(() => loader.LoadFile(Path.Combine(RepositoryRoot(), relativePath)));

        Assert.Null(exception);
    }

    [Fact]
    public void TheShippedConfigNeedsNoEnvironmentVariableAndNoExternalService()
    {
        var config = new GatewayConfigLoader(GatewayCatalog.Create(), _ => null).LoadFile(Path.Combine(RepositoryRoot(), "gateway.yaml"));

        Assert.Equal(["console", "file"], config.Exporters.Keys.Select(id => id.ToString()).Order(StringComparer.Ordinal));
        Assert.Equal(["redaction", "sampling"], config.Processors.Keys.Select(id => id.ToString()).Order(StringComparer.Ordinal));
    }

    /// <summary>Stands in for the variables the examples read (DSNs, webhook URLs, cluster URLs, keys).</summary>
    private static string PlausibleEnvironment(string name) => name switch
    {
        _ when name.Contains("DSN", StringComparison.Ordinal) => "https://0123456789abcdef@sentry.example.com/42",
        _ when name.Contains("URL", StringComparison.Ordinal) || name.Contains("WEBHOOK", StringComparison.Ordinal) => "https://hooks.example.com/services/T0/B0/x",
        _ => "an-example-value-long-enough-for-a-key",
    };

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Gateway.sln"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("Gateway.sln not found above " + AppContext.BaseDirectory);
    }
}
