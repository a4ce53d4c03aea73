using Gateway.Host.Cli;

namespace Gateway.Tests.Cli;

/// <summary><c>gateway validate --config FILE</c>: checks a file without starting anything, exit code 0 or 2.</summary>
public sealed class ValidateCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("gateway-validate-").FullName;

    [Fact]
    public async Task AValidFileIsOkWithExitCodeZero()
    {
        var path = Write("""
            receivers:
              otlp:
            exporters:
              console:
            """);
        var (code, output, error) = await RunAsync("validate", "--config", path);
        Assert.Equal(0, code);
        Assert.Contains(": ok (1 receiver(s)", output, StringComparison.Ordinal);
        Assert.Empty(error);
    }

    [Fact]
    public async Task AnInvalidFileListsEveryErrorWithFileAndLineAndExitsWithTwo()
    {
        var path = Write("""
            receivers:
              otlp:
                protocols:
                  grpc:
                    endpoint: not-an-endpoint
            exporter:
              console:
            """);
        var (code, output, error) = await RunAsync("validate", "--config", path);
        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.Contains("2 error(s)", error, StringComparison.Ordinal);
        Assert.Contains($"{path}:5:", error, StringComparison.Ordinal);
        Assert.Contains($"{path}:6:", error, StringComparison.Ordinal);
        Assert.Contains("exporters", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMissingFileSaysSoAndExitsWithTwo()
    {
        var (code, _, error) = await RunAsync("validate", "--config", Path.Combine(_directory, "absent.yaml"));
        Assert.Equal(2, code);
        Assert.Contains("file not found", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValidateBindsNothingSoItWorksWhileTheGatewayHoldsThePort()
    {
        // A port already taken (as by a running gateway) would make anything that binds fail.
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        var port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;
        var path = Write($"""
            receivers:
              otlp:
                protocols:
                  http:
                    endpoint: 127.0.0.1:{port}
            exporters:
              console:
            """);
        var (code, output, _) = await RunAsync("validate", "--config", path);
        Assert.Equal(0, code);
        Assert.Contains(": ok", output, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(string yaml)
    {
        var path = Path.Combine(_directory, "gateway.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await GatewayCli.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
