using Gateway.Configuration;
using Gateway.Host.Hosting;

namespace Gateway.Host.Cli;

/// <summary>The verbs of the <c>gateway</c> command. Exit codes: 0 ok, 1 runtime failure, 2 bad usage or bad config.</summary>
public static class GatewayCli
{
    public const string Usage = """
        Usage: gateway [run] [--config gateway.yaml]      start the gateway
               gateway validate --config FILE            check a configuration without starting anything
               gateway kibana setup --url URL [--api-key K | --username U --password P] [--space S]
                                                         import the data view, saved search and dashboard into Kibana
               gateway help                              this text
        The configuration file defaults to ./gateway.yaml (or $GATEWAY_CONFIG).
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        if (!CliArguments.TryParse(args, out var parsed, out var usageError))
        {
            await error.WriteLineAsync(usageError).ConfigureAwait(false);
            await error.WriteLineAsync(Usage).ConfigureAwait(false);
            return 2;
        }

        switch (parsed.Verb)
        {
            case "help":
                await output.WriteLineAsync(Usage).ConfigureAwait(false);
                return 0;
            case "validate":
                return await ValidateAsync(parsed, output, error).ConfigureAwait(false);
            case "kibana":
                return await KibanaSetupCommand.RunAsync(parsed, output, error).ConfigureAwait(false);
            case "run":
                return await RunGatewayAsync(parsed, output, error).ConfigureAwait(false);
            default:
                await error.WriteLineAsync($"unknown command '{parsed.Verb}'; the commands are run, validate, kibana setup and help").ConfigureAwait(false);
                await error.WriteLineAsync(Usage).ConfigureAwait(false);
                return 2;
        }
    }

    private static async Task<int> ValidateAsync(CliArguments parsed, TextWriter output, TextWriter error)
    {
        try
        {
            var config = new GatewayConfigLoader(GatewayCatalog.Create()).LoadFile(parsed.ConfigPath);
            await output.WriteLineAsync($"{parsed.ConfigPath}: ok ({config.Receivers.Count} receiver(s), {config.Processors.Count} processor(s), {config.Exporters.Count} exporter(s), {config.Routes.Count} route(s))").ConfigureAwait(false);
            return 0;
        }
        catch (ConfigException e)
        {
            await error.WriteLineAsync(e.Message).ConfigureAwait(false);
            return 2;
        }
    }

    private static async Task<int> RunGatewayAsync(CliArguments parsed, TextWriter output, TextWriter error)
    {
        GatewayConfig config;
        var catalog = GatewayCatalog.Create();
        var loader = new GatewayConfigLoader(catalog);
        try
        {
            config = loader.LoadFile(parsed.ConfigPath);
        }
        catch (ConfigException e)
        {
            await error.WriteLineAsync(e.Message).ConfigureAwait(false);
            return 2;
        }

        GatewayHost host;
        try
        {
            host = await GatewayHost.StartAsync(config, catalog, reloadWith: loader).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            // A persistent queue's directory cannot be used (another gateway holds it, or permissions): say which.
            await error.WriteLineAsync($"cannot start: {e.Message}").ConfigureAwait(false);
            return 1;
        }

        await using var running = host;
        await output.WriteLineAsync($"gateway listening: OTLP/gRPC {host.GrpcAddress?.ToString() ?? "off"}, OTLP/HTTP {host.HttpAddress?.ToString() ?? "off"}, metrics and health {host.TelemetryAddress?.ToString() ?? "off"} (config {Path.GetFullPath(parsed.ConfigPath)}, reloaded on change or SIGHUP); Ctrl-C to stop").ConfigureAwait(false);
        await host.WaitForShutdownAsync(CancellationToken.None).ConfigureAwait(false);
        await host.StopAsync(config.Service.ShutdownTimeout).ConfigureAwait(false);
        return 0;
    }
}
