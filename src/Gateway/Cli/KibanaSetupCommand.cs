using Gateway.Exporters.Elasticsearch.Kibana;

namespace Gateway.Host.Cli;

/// <summary><c>gateway kibana setup --url URL [--api-key K | --username U --password P] [--space S] [--index-pattern P] [--file F]</c>.</summary>
public static class KibanaSetupCommand
{
    public static async Task<int> RunAsync(CliArguments parsed, TextWriter output, TextWriter error)
    {
        if (!parsed.Options.TryGetValue("url", out var url) || !Uri.TryCreate(url, UriKind.Absolute, out var kibana))
        {
            await error.WriteLineAsync(url is null
                ? "gateway: 'gateway kibana setup' needs --url, Kibana's address, e.g. --url https://kibana.example.com:5601"
                : $"gateway: --url '{url}' is not an absolute URL; write e.g. --url https://kibana.example.com:5601").ConfigureAwait(false);
            await error.WriteLineAsync($"Usage: {parsed.Verb.Synopsis}").ConfigureAwait(false);
            return GatewayCli.UsageOrConfigError;
        }

        var result = await new KibanaSavedObjectsImporter().ImportAsync(new KibanaImportRequest
        {
            KibanaUrl = kibana,
            ApiKey = parsed.Options.GetValueOrDefault("api-key"),
            Username = parsed.Options.GetValueOrDefault("username"),
            Password = parsed.Options.GetValueOrDefault("password"),
            Space = parsed.Options.GetValueOrDefault("space"),
            IndexPattern = parsed.Options.GetValueOrDefault("index-pattern"),
            SavedObjectsFile = parsed.Options.GetValueOrDefault("file"),
        }, CancellationToken.None).ConfigureAwait(false);
        foreach (var message in result.Errors) await error.WriteLineAsync(message).ConfigureAwait(false);
        await output.WriteLineAsync(result.Success
            ? $"imported {result.SuccessCount} saved object(s) into {kibana}: data view, saved search, visualisations and the gateway dashboard"
            : $"import into {kibana} failed ({result.SuccessCount} object(s) imported)").ConfigureAwait(false);
        return result.Success ? 0 : 1;
    }
}
