using System.Reflection;
using Gateway.Testing;

namespace Gateway.IntegrationTests.Examples;

/// <summary>Builds examples/dotnet-app once for its tests, which then run it as its README says.</summary>
public sealed class DotnetAppBuild : IAsyncLifetime
{
    private static readonly string Configuration = typeof(DotnetAppBuild).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    public async Task InitializeAsync()
    {
        var (exitCode, output) = await ChildProcess.RunAsync(ChildProcess.Dotnet, RepositoryFiles.Root,
            ["build", "examples/dotnet-app", "-c", Configuration, "-nologo", "-v", "q"], TimeSpan.FromMinutes(4));
        Assert.True(exitCode == 0, $"dotnet build examples/dotnet-app failed:\n{output}");
    }

    /// <summary><c>dotnet run --project examples/dotnet-app</c> (without building again) with the given OTEL_* variables.</summary>
    public Task<(int ExitCode, string Output)> RunAsync(IReadOnlyDictionary<string, string> environment) =>
        ChildProcess.RunAsync(ChildProcess.Dotnet, RepositoryFiles.Root,
            ["run", "--no-build", "-c", Configuration, "--project", "examples/dotnet-app"], TimeSpan.FromMinutes(2), environment);

    public Task DisposeAsync() => Task.CompletedTask;
}
