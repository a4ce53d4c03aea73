using System.Net;
using System.Net.Sockets;
using Gateway.Host.Cli;
using Gateway.Testing;

namespace Gateway.IntegrationTests.Operations;

/// <summary>
/// What `gateway run` says at start: a port already in use is one line naming the port, the config key and what to
/// do (no stack trace, exit code 1); the listening line shows the address actually bound.
/// </summary>
public sealed class StartupMessagesTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("gateway-startup-").FullName;

    [Theory]
    [InlineData("grpc", "receivers.otlp.protocols.grpc.endpoint")]
    [InlineData("http", "receivers.otlp.protocols.http.endpoint")]
    [InlineData("telemetry", "service.telemetry.endpoint")]
    public async Task APortInUseIsOneLineNamingThePortTheKeyAndWhatToDo(string taken, string key)
    {
        using var other = new TcpListener(IPAddress.Loopback, 0);
        other.Start();
        var port = ((IPEndPoint)other.LocalEndpoint).Port;
        string Endpoint(string listener) => listener == taken ? $"127.0.0.1:{port}" : "127.0.0.1:0";
        var path = Path.Combine(_directory, "gateway.yaml");
        await File.WriteAllTextAsync(path, $$"""
            receivers:
              otlp:
                protocols:
                  grpc: { endpoint: {{Endpoint("grpc")}} }
                  http: { endpoint: {{Endpoint("http")}} }
            service:
              telemetry: { endpoint: {{Endpoint("telemetry")}}, logs: { level: error } }
            exporters:
              file: { path: "{{_directory}}/events.ndjson" }
            """);
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = await GatewayCli.RunAsync(["run", path], output, error, _ => null);

        Assert.Equal(1, code);
        Assert.Equal(
            $"cannot start: port {port} is already in use ({key}: 127.0.0.1:{port}); stop the other process (another gateway or collector?) or choose another port there",
            error.ToString().TrimEnd());
        Assert.Empty(output.ToString());
    }

    [Fact]
    public async Task TheListeningLineShowsTheAddressesAsBoundAndHowToReachThem()
    {
        var path = Path.Combine(_directory, "gateway.yaml");
        await File.WriteAllTextAsync(path, $$"""
            receivers:
              otlp:
                protocols:
                  grpc: { endpoint: 127.0.0.1:0 }
                  http: { endpoint: 127.0.0.1:0 }
            service:
              telemetry: { endpoint: 127.0.0.1:0 }
            exporters:
              file: { path: "{{_directory}}/events.ndjson" }
            """);

        using var gateway = await GatewayProcess.StartAsync(path);

        var listening = gateway.Output.Split('\n').Single(l => l.StartsWith("gateway listening", StringComparison.Ordinal));
        Assert.Matches(@"^gateway listening: OTLP/gRPC 127\.0\.0\.1:[1-9]\d*, OTLP/HTTP 127\.0\.0\.1:[1-9]\d*, metrics and health 127\.0\.0\.1:[1-9]\d*$", listening);
        Assert.Contains($"from this machine: {gateway.GrpcEndpoint.ToString().TrimEnd('/')} (gRPC), ", gateway.Output, StringComparison.Ordinal);
        using var http = new HttpClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(gateway.TelemetryEndpoint, "healthz"))).StatusCode);
    }

    [Fact]
    public void AWildcardAddressIsShownAsBound()
    {
        Assert.Equal("0.0.0.0:4317", StartupBanner.Format(new IPEndPoint(IPAddress.Any, 4317)));
        Assert.Equal("[::]:4318", StartupBanner.Format(new IPEndPoint(IPAddress.IPv6Any, 4318)));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
