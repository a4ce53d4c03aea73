using Gateway.Configuration;
using Gateway.Envelope;
using Gateway.Host.Hosting;
using Gateway.Routing;
using Gateway.Testing;

namespace Gateway.Tests.Routing;

/// <summary>The runnable routing example loads with the real component catalog and routes as its comments say.</summary>
public sealed class ExampleConfigTests
{
    private static string ExamplePath([System.Runtime.CompilerServices.CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "../../../examples/routing/local.yaml"));

    [Fact]
    public void TheLocalRoutingExampleLoadsAndRoutesAsDocumented()
    {
        var config = new GatewayConfigLoader(GatewayCatalog.Create(), _ => null).LoadFile(ExamplePath());
        var names = config.Exporters.Keys.Select(id => id.ToString()).ToList();
        var errors = new ConfigErrors(config.SourcePath);
        var table = new RouteTable(RouteCompiler.Compile(config.Routes, config.RouteNodes, names, new YamlBinder(errors)), names.IndexOf);
        string[] Targets(EventEnvelope e)
        {
            var marks = new bool[names.Count];
            Assert.True(table.Route(e, marks, new int[table.RouteNames.Length]));
            return names.Where((_, i) => marks[i]).Order(StringComparer.Ordinal).ToArray();
        }

        Assert.False(errors.Any);
        Assert.Equal(["console", "file/all"], Targets(Some.Envelope(level: EventLevel.Error)));
        Assert.Equal(["file/all"], Targets(Some.Envelope(level: EventLevel.Error, environment: "test")));
        Assert.Equal([], Targets(Some.Envelope(name: "healthcheck.ready")));
        Assert.Equal(["file/all", "file/audit"], Targets(Some.Envelope(attributes: [new KeyValue("user.role", AttributeValue.FromString("support-eu"))])));
        Assert.Equal(["console", "file/all"], Targets(Some.Envelope(attributes: [new KeyValue("http.route", AttributeValue.FromString("/pay")), new KeyValue("http.server.duration_ms", AttributeValue.FromDouble(2500))])));
        Assert.Equal(TimeSpan.FromSeconds(10), config.Service.ShutdownTimeout);
    }
}
