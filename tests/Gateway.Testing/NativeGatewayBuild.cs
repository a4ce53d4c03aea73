using System.Diagnostics;

namespace Gateway.Testing;

/// <summary>
/// The gateway as it ships: <c>dotnet publish src/Gateway -c Release -p:PublishAot=true</c>, a native executable
/// without the JIT. The load harness measures this build; the Dockerfile builds the same.
/// </summary>
public static class NativeGatewayBuild
{
    /// <summary>Publishes into <paramref name="directory"/> and returns the executable's path; throws with the build log when it fails.</summary>
    public static async Task<string> PublishAsync(string directory, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = RepositoryFiles.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "publish", RepositoryFiles.PathOf("src", "Gateway", "Gateway.csproj"), "-c", "Release", "-p:PublishAot=true", "-o", directory, "-nologo" })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(cancel.Token).ConfigureAwait(false);
        var executable = Path.Combine(directory, "gateway");
        if (process.ExitCode != 0 || !File.Exists(executable))
        {
            throw new InvalidOperationException($"native publish failed (exit {process.ExitCode}):\n{await stdout.ConfigureAwait(false)}{await stderr.ConfigureAwait(false)}");
        }

        return executable;
    }
}
