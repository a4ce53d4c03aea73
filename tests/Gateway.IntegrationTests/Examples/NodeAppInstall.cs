using System.ComponentModel;
using Gateway.Testing;

namespace Gateway.IntegrationTests.Examples;

/// <summary>Installs examples/node-app's locked packages once (<c>npm ci</c>, as its README says) for its tests.</summary>
public sealed class NodeAppInstall : IAsyncLifetime
{
    private static readonly string Folder = RepositoryFiles.PathOf("examples", "node-app");

    public async Task InitializeAsync()
    {
        var (exitCode, output) = await RunToolAsync("npm", ["ci", "--no-audit", "--no-fund"], TimeSpan.FromMinutes(4), null);
        Assert.True(exitCode == 0, $"npm ci in examples/node-app failed:\n{output}");
    }

    /// <summary><c>node index.js</c> in the example's folder with the given OTEL_* variables.</summary>
    public Task<(int ExitCode, string Output)> RunAsync(IReadOnlyDictionary<string, string> environment) =>
        RunToolAsync("node", ["index.js"], TimeSpan.FromMinutes(1), environment);

    private static async Task<(int ExitCode, string Output)> RunToolAsync(string tool, string[] arguments, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment)
    {
        try
        {
            return await ChildProcess.RunAsync(tool, Folder, arguments, timeout, environment);
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"'{tool}' could not be started ({e.Message}): the node-app example needs Node.js 20 or later and npm on PATH (Debian: apt-get install nodejs npm).", e);
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
