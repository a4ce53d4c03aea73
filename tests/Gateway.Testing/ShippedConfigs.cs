using System.Text.RegularExpressions;

namespace Gateway.Testing;

/// <summary>The configurations the repository ships (gateway.yaml and the examples' gateway configs) and stand-ins for the variables they read.</summary>
public static partial class ShippedConfigs
{
    /// <summary>
    /// Paths relative to the repository root. Kubernetes manifests (examples/kubernetes) carry their gateway configs in
    /// ConfigMaps and are checked by KubernetesExampleTests.
    /// </summary>
    public static IReadOnlyList<string> RelativePaths()
    {
        var paths = new List<string> { "gateway.yaml" };
        foreach (var file in Directory.EnumerateFiles(RepositoryFiles.PathOf("examples"), "*.yaml", SearchOption.AllDirectories))
        {
            if (!file.Contains("node_modules", StringComparison.Ordinal) && !Path.GetFileName(file).StartsWith("docker-compose", StringComparison.Ordinal) && !IsKubernetesManifest(file))
            {
                paths.Add(Path.GetRelativePath(RepositoryFiles.Root, file));
            }
        }

        return paths;
    }

    private static bool IsKubernetesManifest(string file) => File.ReadLines(file).Any(line => line.StartsWith("apiVersion:", StringComparison.Ordinal));

    /// <summary>
    /// A shipped configuration as the tests run it: every listener on a loopback port the OS picks and every
    /// <c>./data/</c> path in the test's directory (<see cref="TestGateway.DirectoryPlaceholder"/>), the rest verbatim.
    /// </summary>
    public static string OnLoopback(string relativePath)
    {
        var text = File.ReadAllText(RepositoryFiles.PathOf(relativePath));
        text = ListenerEndpoint().Replace(text, "endpoint: 127.0.0.1:0");
        return text.Replace("./data/", TestGateway.DirectoryPlaceholder + "/", StringComparison.Ordinal);
    }

    /// <summary>Stands in for the variables the examples read (DSNs, webhook URLs, cluster URLs, keys).</summary>
    public static string PlausibleEnvironment(string name) => name switch
    {
        _ when name.Contains("DSN", StringComparison.Ordinal) => "https://0123456789abcdef@sentry.example.com/42",
        _ when name.Contains("URL", StringComparison.Ordinal) || name.Contains("WEBHOOK", StringComparison.Ordinal) => "https://hooks.example.com/services/T0/B0/x",
        _ => "an-example-value-long-enough-for-a-key",
    };

    /// <summary>
    /// The environment a shipped config is loaded with in tests: a stand-in for every <c>${env:...}</c> it reads,
    /// while the gateway's own switches (GATEWAY_SAMPLING) stay unset.
    /// </summary>
    public static string? Lookup(string name) => name == Gateway.Configuration.SamplingSwitch.Variable ? null : PlausibleEnvironment(name);

    /// <summary>The <c>${env:NAME}</c> variables a config reads, each with its plausible stand-in.</summary>
    public static IReadOnlyDictionary<string, string> PlausibleEnvironmentFor(string yaml)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match match in EnvironmentReference().Matches(yaml)) variables[match.Groups[1].Value] = PlausibleEnvironment(match.Groups[1].Value);
        return variables;
    }

    [GeneratedRegex(@"endpoint: *(0\.0\.0\.0|127\.0\.0\.1|localhost):\d+")]
    private static partial Regex ListenerEndpoint();

    [GeneratedRegex(@"\$\{env:([A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex EnvironmentReference();
}
