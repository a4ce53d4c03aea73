using Gateway.Configuration;
using Gateway.Host.Hosting;
using Gateway.Otlp.Receivers;

namespace Gateway.Tests.Configuration;

/// <summary>The otlp receiver and envelope blocks as a user writes them: defaults, substitution and clear errors.</summary>
public sealed class ReceiverConfigTests
{
    private const string Exporter = """

        exporters:
          console:
        """;

    [Fact]
    public void AnOtlpBlockWithoutProtocolsListensOnBothStandardPorts()
    {
        var otlp = Load("receivers:\n  otlp:\n" + Exporter).FindReceiver<OtlpReceiverOptions>("otlp")!;
        Assert.Equal("0.0.0.0:4317", OtlpReceiverOptions.EndpointOf(otlp.Grpc!, OtlpReceiverOptions.DefaultGrpcEndpoint));
        Assert.Equal("0.0.0.0:4318", OtlpReceiverOptions.EndpointOf(otlp.Http!, OtlpReceiverOptions.DefaultHttpEndpoint));
        Assert.Equal(20L * 1024 * 1024, otlp.Http!.MaxRequestBodySize.Bytes);
    }

    [Fact]
    public void OnlyTheListedProtocolsListenWithTheirOwnLimits()
    {
        var otlp = Load("""
            receivers:
              otlp:
                protocols:
                  http:
                    endpoint: localhost:14318
                    max_request_body_size: 5MiB
            """ + Exporter).FindReceiver<OtlpReceiverOptions>("otlp")!;
        Assert.Null(otlp.Grpc);
        Assert.Equal("localhost:14318", otlp.Http!.Endpoint);
        Assert.Equal(5L * 1024 * 1024, otlp.Http.MaxRequestBodySize.Bytes);
    }

    [Fact]
    public void EnvironmentVariablesAreSubstitutedWithDefaults()
    {
        var environment = new Dictionary<string, string> { ["OTLP_HTTP"] = "127.0.0.1:9999" };
        var config = Load("""
            receivers:
              otlp:
                protocols:
                  http:
                    endpoint: ${env:OTLP_HTTP}
                  grpc:
                    endpoint: ${env:OTLP_GRPC:-127.0.0.1:9998}
            envelope:
              default_environment: ${env:GATEWAY_ENVIRONMENT:-development}
            """ + Exporter, environment);
        var otlp = config.FindReceiver<OtlpReceiverOptions>("otlp")!;
        Assert.Equal("127.0.0.1:9999", otlp.Http!.Endpoint);
        Assert.Equal("127.0.0.1:9998", otlp.Grpc!.Endpoint);
        Assert.Equal("development", config.Envelope.DefaultEnvironment);
    }

    [Fact]
    public void AnUnknownKeyFailsWithItsLineAndTheKeyToWriteInstead()
    {
        var error = Assert.Throws<ConfigException>(() => Load("""
            receivers:
              otlp:
                protocols:
                  http:
                    endpont: 127.0.0.1:4318
            """ + Exporter));
        var problem = Assert.Single(error.Errors);
        Assert.Equal(5, problem.Line);
        Assert.Contains("endpont", problem.Message, StringComparison.Ordinal);
        Assert.Contains("endpoint", problem.Message.Replace("endpont", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("endpoint: nowhere", 5, "write e.g. 0.0.0.0:4318")]
    [InlineData("max_request_body_size: lots", 5, "20MiB")]
    [InlineData("max_request_body_size: 10", 5, "at least 1KiB")]
    public void ABadValueFailsWithItsLineAndWhatToWrite(string line, int expectedLine, string advice)
    {
        var error = Assert.Throws<ConfigException>(() => Load($"""
            receivers:
              otlp:
                protocols:
                  http:
                    {line}
            """ + Exporter));
        var problem = Assert.Single(error.Errors);
        Assert.Equal(expectedLine, problem.Line);
        Assert.Contains(advice, problem.Message, StringComparison.Ordinal);
        Assert.StartsWith("gateway.yaml:", problem.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void BadEnvelopeBoundsAreAllReportedTogether()
    {
        var error = Assert.Throws<ConfigException>(() => Load("""
            envelope:
              max_attribute_depth: 0
              max_attribute_value_length: 2
              max_attributes: 0
            """ + Exporter));
        Assert.Equal(3, error.Errors.Count);
        Assert.Equal([2, 3, 4], error.Errors.Select(e => e.Line).Order());
    }

    [Fact]
    public void AnOtlpBlockWithNoProtocolEnabledIsRefused()
    {
        var error = Assert.Throws<ConfigException>(() => Load("receivers:\n  otlp:\n    protocols: {}\n" + Exporter));
        Assert.Contains("enable at least one protocol", Assert.Single(error.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GrpcAndHttpOnOnePortAreRefused()
    {
        var error = Assert.Throws<ConfigException>(() => Load("""
            receivers:
              otlp:
                protocols:
                  grpc:
                    endpoint: 0.0.0.0:4317
                  http:
                    endpoint: 127.0.0.1:4317
            """ + Exporter));
        Assert.Contains("give each its own port", Assert.Single(error.Errors).Message, StringComparison.Ordinal);
    }

    private static GatewayConfig Load(string yaml, IReadOnlyDictionary<string, string>? environment = null) =>
        new GatewayConfigLoader(GatewayCatalog.Create(), name => environment is not null && environment.TryGetValue(name, out var value) ? value : null).Load(yaml, "gateway.yaml");
}
