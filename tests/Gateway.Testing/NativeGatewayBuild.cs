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
        string[] arguments = ["publish", RepositoryFiles.PathOf("src", "Gateway", "Gateway.csproj"), "-c", "Release", "-p:PublishAot=true", "-o", directory, "-nologo"];
        var (exitCode, output) = await ChildProcess.RunAsync(ChildProcess.Dotnet, RepositoryFiles.Root, arguments, timeout).ConfigureAwait(false);
        var executable = Path.Combine(directory, "gateway");
        if (exitCode != 0 || !File.Exists(executable)) throw new InvalidOperationException($"native publish failed (exit {exitCode}):\n{output}");
        return executable;
    }
}
