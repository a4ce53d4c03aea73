using Gateway.Configuration;
using Gateway.Host.Hosting;

namespace Gateway.Tests.Configuration;

/// <summary>The <c>service.telemetry</c> block: the collector's defaults, and a bad endpoint reported at its line.</summary>
public sealed class TelemetryOptionsTests
{
    private static GatewayConfig Load(string yaml) => new GatewayConfigLoader(GatewayCatalog.Create(), _ => null).Load(yaml, "gateway.yaml");

    [Fact]
    public void WithoutATelemetryBlockMetricsAndHealthAreServedOnTheCollectorsPort()
    {
        var config = Load("exporters:\n  console: {}\n");

        Assert.True(config.Service.Telemetry.Enabled);
        Assert.Equal("0.0.0.0:8888", config.Service.Telemetry.Endpoint);
        Assert.Equal(TelemetryLogLevel.Info, config.Service.Telemetry.Logs.Level);
        Assert.Equal(TelemetryLogEncoding.Console, config.Service.Telemetry.Logs.Encoding);
    }

    [Fact]
    public void LogLevelAndEncodingReadAsInTheCollector()
    {
        var config = Load("exporters:\n  console: {}\nservice:\n  telemetry:\n    endpoint: 127.0.0.1:9464\n    logs: { level: debug, encoding: json }\n");

        Assert.Equal("127.0.0.1:9464", config.Service.Telemetry.Endpoint);
        Assert.Equal(TelemetryLogLevel.Debug, config.Service.Telemetry.Logs.Level);
        Assert.Equal(TelemetryLogEncoding.Json, config.Service.Telemetry.Logs.Encoding);
    }

    [Fact]
    public void AnEndpointWithoutAPortIsRefusedAtItsLineWithAnExample()
    {
        var error = Assert.Throws<ConfigException>(() => Load("exporters:\n  console: {}\nservice:\n  telemetry:\n    endpoint: metrics.local\n"));

        var only = Assert.Single(error.Errors);
        Assert.Equal(5, only.Line);
        Assert.Contains("endpoint: 0.0.0.0:8888", only.Message, StringComparison.Ordinal);
    }
}
