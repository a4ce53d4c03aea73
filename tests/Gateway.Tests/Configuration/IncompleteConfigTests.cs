using Gateway.Configuration;
using Gateway.Host.Hosting;

namespace Gateway.Tests.Configuration;

/// <summary>
/// A configuration that would acknowledge events and deliver them nowhere is refused (at start, by validate and on
/// reload, which all load through the same loader), and a file YAML cannot read is refused at its line.
/// </summary>
public sealed class IncompleteConfigTests
{
    private static ConfigError LoadFails(string yaml)
    {
        var error = Assert.Throws<ConfigException>(() => new GatewayConfigLoader(GatewayCatalog.Create(), _ => null).Load(yaml, "gateway.yaml"));
        return Assert.Single(error.Errors);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n  \n")]
    [InlineData("# only a comment\n# and another\n")]
    public void AnEmptyFileIsRefusedWithAStarterConfig(string yaml)
    {
        var error = LoadFails(yaml);

        Assert.Equal(1, error.Line);
        Assert.Contains("the file is empty", error.Message, StringComparison.Ordinal);
        Assert.Contains("exporters: { console: {} }", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NoExportersIsRefusedAtTheExportersKeyWithWhatToAdd()
    {
        var error = LoadFails("receivers:\n  otlp:\nexporters: {}\n");

        Assert.Equal(3, error.Line);
        Assert.Contains("no exporters are defined", error.Message, StringComparison.Ordinal);
        Assert.Contains("console: {}", error.Message, StringComparison.Ordinal);
        Assert.Contains("routes: [ { name: everything, exporters: [console] } ]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutAnExportersSectionTheErrorPointsAtTheEndOfTheFileWhereItGoes()
    {
        var error = LoadFails("receivers:\n  otlp:\n");

        Assert.Equal(3, error.Line);
        Assert.Contains("no exporters are defined", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RoutesThatAllDropAreRefusedAtTheRoutesKey()
    {
        var error = LoadFails("""
            exporters:
              console: {}
            routes:
              - name: health
                match: { name: "health.*" }
                drop: true
            """);

        Assert.Equal(3, error.Line);
        Assert.Contains("no route sends events to an exporter", error.Message, StringComparison.Ordinal);
        Assert.Contains("exporters: [console]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ACatchAllDropAboveTheFirstExportingRouteIsRefusedAtThatRoute()
    {
        var error = LoadFails("""
            exporters:
              console: {}
            routes:
              - name: silence
                drop: true
              - name: everything
                exporters: [console]
            """);

        Assert.Equal(4, error.Line);
        Assert.Contains("routes[0] (silence) drops every event", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("exporters:\n  console: {}\n")]
    [InlineData("exporters:\n  console: {}\nroutes:\n  - name: health\n    match: { name: \"health.*\" }\n    drop: true\n  - name: default\n    exporters: [console]\n")]
    [InlineData("exporters:\n  console: {}\nroutes:\n  - name: health\n    match: { name: \"health.*\" }\n    drop: true\n  - name: everything\n    exporters: [console]\n")]
    public void AConfigurationWhereARouteReachesAnExporterLoads(string yaml)
    {
        var config = new GatewayConfigLoader(GatewayCatalog.Create(), _ => null).Load(yaml, "gateway.yaml");

        Assert.Single(config.Exporters);
    }

    [Theory]
    // A ':' where YamlDotNet's scanner gives up with "Operation is not valid due to the current state of the object".
    [InlineData("exporters:\n  file:\n    queue: { type: persistent, \ndir: ./data/queue }\n", 4)]
    // A value without a key, where YamlDotNet gives up with "The current event is of an unsupported type".
    [InlineData("service:\n  dead_letter:\n   : path: ./dead.ndjson\n\nexporters:\n  console: {}\n", 5)]
    [InlineData("exporters:\n  console: {format: text\nroutes: []\n", 3)]
    public void BrokenYamlIsRefusedAtItsLineNotWithTheParsersInternalError(string yaml, int line)
    {
        var error = LoadFails(yaml);

        Assert.Equal(line, error.Line);
        Assert.StartsWith("not valid YAML", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("current state of the object", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("unsupported type", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AListAsAKeyIsRefusedAtItsLineInsteadOfCrashingTheLoader()
    {
        var error = LoadFails("exporters:\n  [console]: {}\n");

        Assert.Equal(2, error.Line);
        Assert.Contains("a key must be a name", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ASecondYamlDocumentIsRefusedRatherThanIgnored()
    {
        var error = LoadFails("exporters:\n  console: {}\n---\nroutes: []\n");

        Assert.Equal(4, error.Line);
        Assert.Contains("a second YAML document", error.Message, StringComparison.Ordinal);
    }
}
