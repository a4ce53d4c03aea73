using System.Reflection;
using Gateway.Configuration;
using Gateway.Host.Hosting;

namespace Gateway.Host.Cli;

/// <summary>The commands of <c>gateway</c>. Exit codes: 0 ok, 1 runtime failure, 2 bad usage or bad config.</summary>
public static class GatewayCli
{
    public const int Ok = 0;
    public const int RuntimeFailure = 1;
    public const int UsageOrConfigError = 2;

    public static string Usage => $"""
        Usage: gateway [COMMAND] [OPTIONS]

        Commands:
        {string.Join(Environment.NewLine, CliVerb.All.Select(v => $"  {v.Synopsis}{Environment.NewLine}      {v.Description}"))}

        The configuration file defaults to ./gateway.yaml (or $GATEWAY_CONFIG). 'gateway COMMAND --help' shows a command's options.
        """;

    /// <summary>The version the build stamped on the assembly (with the commit when the build knew it).</summary>
    public static string Version =>
        typeof(GatewayCli).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(GatewayCli).Assembly.GetName().Version?.ToString()
        ?? "unknown";

    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error) => RunAsync(args, output, error, Environment.GetEnvironmentVariable);

    /// <param name="environment">Where $GATEWAY_CONFIG, $GATEWAY_SAMPLING and <c>${env:...}</c> are read from.</param>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, Func<string, string?> environment)
    {
        if (!CliArguments.TryParse(args, environment, out var parsed, out var usageError))
        {
            await error.WriteLineAsync($"gateway: {usageError}").ConfigureAwait(false);
            await error.WriteLineAsync($"Usage: {parsed.Verb.Synopsis}").ConfigureAwait(false);
            await error.WriteLineAsync($"Run 'gateway {(parsed.Verb.Name == CliVerb.Run ? "" : parsed.Verb.Name + " ")}--help' for its options, 'gateway help' for every command.").ConfigureAwait(false);
            return UsageOrConfigError;
        }

        if (parsed.HelpRequested)
        {
            await output.WriteLineAsync(parsed.Verb.Name == CliVerb.Help || !parsed.VerbGiven ? Usage : parsed.Verb.Usage()).ConfigureAwait(false);
            return Ok;
        }

        if (parsed.VersionRequested)
        {
            await output.WriteLineAsync($"gateway {Version}").ConfigureAwait(false);
            return Ok;
        }

        switch (parsed.Verb.Name)
        {
            case CliVerb.Help:
                return await HelpAsync(parsed, output, error).ConfigureAwait(false);
            case CliVerb.Version:
                await output.WriteLineAsync($"gateway {Version}").ConfigureAwait(false);
                return Ok;
            case CliVerb.Validate:
                return await ValidateAsync(parsed, environment, output, error).ConfigureAwait(false);
            case CliVerb.KibanaSetup:
                return await KibanaSetupCommand.RunAsync(parsed, output, error).ConfigureAwait(false);
            case CliVerb.Tap:
                return await TapCommand.RunAsync(parsed, environment, output, error).ConfigureAwait(false);
            case CliVerb.Test:
                return await TestCommand.RunAsync(parsed, environment, output, error).ConfigureAwait(false);
            default:
                return await RunGatewayAsync(parsed, environment, output, error).ConfigureAwait(false);
        }
    }

    private static async Task<int> HelpAsync(CliArguments parsed, TextWriter output, TextWriter error)
    {
        if (parsed.Arguments.Count == 0)
        {
            await output.WriteLineAsync(Usage).ConfigureAwait(false);
            return Ok;
        }

        var name = parsed.Arguments[0] == "kibana" ? CliVerb.KibanaSetup : parsed.Arguments[0];
        if (CliVerb.Find(name) is { } verb)
        {
            await output.WriteLineAsync(verb.Usage()).ConfigureAwait(false);
            return Ok;
        }

        await error.WriteLineAsync($"gateway: no command '{name}'{YamlBinder.Suggest(name, CliVerb.Names)}; the commands are {string.Join(", ", CliVerb.Names)}").ConfigureAwait(false);
        return UsageOrConfigError;
    }

    private static async Task<int> ValidateAsync(CliArguments parsed, Func<string, string?> environment, TextWriter output, TextWriter error)
    {
        try
        {
            var config = new GatewayConfigLoader(GatewayCatalog.Create(), environment).LoadFile(parsed.ConfigPath);
            await output.WriteLineAsync($"{parsed.ConfigPath}: ok ({config.Receivers.Count} receiver(s), {config.Processors.Count} processor(s), {config.Exporters.Count} exporter(s), {config.Routes.Count} route(s))").ConfigureAwait(false);
            return Ok;
        }
        catch (ConfigException e)
        {
            await error.WriteLineAsync(e.Message).ConfigureAwait(false);
            return UsageOrConfigError;
        }
    }

    private static async Task<int> RunGatewayAsync(CliArguments parsed, Func<string, string?> environment, TextWriter output, TextWriter error)
    {
        GatewayConfig config;
        var catalog = GatewayCatalog.Create();
        var loader = new GatewayConfigLoader(catalog, environment);
        try
        {
            config = loader.LoadFile(parsed.ConfigPath);
        }
        catch (ConfigException e)
        {
            await error.WriteLineAsync(e.Message).ConfigureAwait(false);
            return UsageOrConfigError;
        }

        GatewayHost host;
        try
        {
            host = await GatewayHost.StartAsync(config, catalog, reloadWith: loader).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            // A port in use, or a persistent queue's directory that cannot be used (another gateway holds it,
            // permissions): one line saying which and what to do, no stack trace.
            await error.WriteLineAsync(PortInUse.Describe(config, e) ?? $"cannot start: {e.Message}").ConfigureAwait(false);
            return RuntimeFailure;
        }

        await using var running = host;
        await output.WriteLineAsync(StartupBanner.Describe(host, Path.GetFullPath(parsed.ConfigPath))).ConfigureAwait(false);
        await host.WaitForShutdownAsync(CancellationToken.None).ConfigureAwait(false);
        await host.StopAsync(config.Service.ShutdownTimeout).ConfigureAwait(false);
        return Ok;
    }
}
