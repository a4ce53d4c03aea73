using Gateway.Exporters.Elasticsearch.Kibana;

namespace Gateway.Host.Cli;

/// <summary><c>gateway kibana setup --url URL [--api-key K | --username U --password P] [--space S] [--index-pattern P] [--file F]</c>.</summary>
public static class KibanaSetupCommand
{
    public static async Task<int> RunAsync(CliArguments parsed, TextWriter output, TextWriter error)
    {
        if (parsed.Words is not ["setup"] || !parsed.Flags.TryGetValue("url", out var url) || !Uri.TryCreate(url, UriKind.Absolute, out var kibana))
        {
            await error.WriteLineAsync("usage: gateway kibana setup --url https://kibana.example.com:5601 [--api-key KEY | --username U --password P] [--space SPACE] [--index-pattern logs-gateway-*] [--file saved-objects.ndjson]").ConfigureAwait(false);
            return 2;
        }

        var result = await new KibanaSavedObjectsImporter().ImportAsync(new KibanaImportRequest
        {
            KibanaUrl = kibana,
            ApiKey = parsed.Flags.GetValueOrDefault("api-key"),
            Username = parsed.Flags.GetValueOrDefault("username"),
            Password = parsed.Flags.GetValueOrDefault("password"),
            Space = parsed.Flags.GetValueOrDefault("space"),
            IndexPattern = parsed.Flags.GetValueOrDefault("index-pattern"),
            SavedObjectsFile = parsed.Flags.GetValueOrDefault("file"),
        }, CancellationToken.None).ConfigureAwait(false);
        foreach (var message in result.Errors) await error.WriteLineAsync(message).ConfigureAwait(false);
        await output.WriteLineAsync(result.Success
            ? $"imported {result.SuccessCount} saved object(s) into {kibana}: data view, saved search, visualisations and the gateway dashboard"
            : $"import into {kibana} failed ({result.SuccessCount} object(s) imported)").ConfigureAwait(false);
        return result.Success ? 0 : 1;
    }
}
