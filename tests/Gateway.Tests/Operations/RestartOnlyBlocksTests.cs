using Gateway.Host.Operations;

namespace Gateway.Tests.Operations;

/// <summary>A reload warns about the blocks it cannot apply, and only about those that really changed.</summary>
public sealed class RestartOnlyBlocksTests
{
    private const string Running = """
        receivers:
          otlp: { protocols: { grpc: { endpoint: 0.0.0.0:4317 } } }
        service:
          shutdown_timeout: 30s
        exporters:
          console: {}
        """;

    [Fact]
    public void ChangedReceiversAreReportedButExportersAndLayoutAreNot()
    {
        var edited = """
            receivers:
              otlp:
                protocols:
                  grpc: { endpoint: 0.0.0.0:5317 }
            service: { shutdown_timeout: 30s }
            exporters:
              file: { path: ./data/events.ndjson }
            """;

        Assert.Equal(["receivers"], RestartOnlyBlocks.Of(edited).ChangedFrom(RestartOnlyBlocks.Of(Running)));
    }

    [Fact]
    public void AnAddedEnvelopeBlockIsAChange() =>
        Assert.Equal(["envelope"], RestartOnlyBlocks.Of(Running + "\nenvelope: { default_environment: prod }\n").ChangedFrom(RestartOnlyBlocks.Of(Running)));
}
