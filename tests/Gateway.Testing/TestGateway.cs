using System.Net;
using System.Text;
using System.Text.Json;
using Gateway.Configuration;
using Gateway.Host.Hosting;
using Microsoft.Extensions.Logging;

namespace Gateway.Testing;

/// <summary>
/// The real gateway, in-process, on loopback ports the OS picks: give it a gateway.yaml (without a receivers block
/// it gets OTLP gRPC and HTTP on 127.0.0.1:0), with <c>{dir}</c> standing for a fresh temporary directory, and read
/// back the envelopes the file exporter wrote. Disposing stops the gateway and deletes the directory.
/// </summary>
public sealed class TestGateway : IAsyncDisposable
{
    /// <summary>The placeholder replaced by the temporary directory (forward slashes, no trailing slash).</summary>
    public const string DirectoryPlaceholder = "{dir}";

    /// <summary>Both OTLP protocols on loopback, ports chosen by the OS.</summary>
    public const string LoopbackReceivers = """
        receivers:
          otlp:
            protocols:
              grpc:
                endpoint: 127.0.0.1:0
              http:
                endpoint: 127.0.0.1:0

        """;

    /// <summary>Everything to one NDJSON file, <c>{dir}/events.ndjson</c>, flushed per batch.</summary>
    public const string FileExporterYaml = """
        exporters:
          file:
            path: {dir}/events.ndjson
            batch:
              max_wait: 10ms
        """;

    public const string DefaultEventsFile = "events.ndjson";

    private readonly bool _addedReceivers;

    private TestGateway(GatewayHost host, string directory, bool addedReceivers)
    {
        Host = host;
        Directory = directory;
        _addedReceivers = addedReceivers;
    }

    public GatewayHost Host { get; }

    /// <summary>The temporary directory that <c>{dir}</c> stood for.</summary>
    public string Directory { get; }

    public Uri GrpcEndpoint => Host.GrpcAddress ?? throw new InvalidOperationException("OTLP/gRPC is not enabled in this gateway's config.");

    public Uri HttpEndpoint => Host.HttpAddress ?? throw new InvalidOperationException("OTLP/HTTP is not enabled in this gateway's config.");

    /// <summary>Where /metrics, /healthz and /readyz are served (a port of its own, chosen by the OS unless the config names one).</summary>
    public Uri TelemetryEndpoint => Host.TelemetryAddress ?? throw new InvalidOperationException("service.telemetry is off in this gateway's config.");

    /// <summary>The configuration file of a gateway started with <c>reloadable: true</c>.</summary>
    public string ConfigPath => Path.Combine(Directory, "gateway.yaml");

    /// <summary>The OTLP/HTTP logs URL, e.g. http://127.0.0.1:40123/v1/logs.</summary>
    public Uri HttpLogsEndpoint => new(HttpEndpoint, "v1/logs");

    /// <summary>Starts a gateway with the loopback receivers and the file exporter.</summary>
    public static Task<TestGateway> StartAsync() => StartAsync(FileExporterYaml);

    /// <param name="yaml">A gateway.yaml; <c>{dir}</c> is replaced, and the loopback receivers are added when it has no receivers block.</param>
    /// <param name="configureCatalog">Adds test-only component factories (e.g. a capturing exporter) to the real catalog.</param>
    /// <param name="environment">Variables for <c>${env:NAME}</c> substitution instead of the process environment.</param>
    /// <param name="reloadable">
    /// Writes the config to <see cref="ConfigPath"/> and reloads it on change, as the real gateway does; off by
    /// default because every watcher holds one of the user's few inotify instances.
    /// </param>
    /// <param name="logs">Also hears the gateway's own log (warnings and above), e.g. a LogRecorder.</param>
    public static async Task<TestGateway> StartAsync(string yaml, Action<ComponentCatalog>? configureCatalog = null, IReadOnlyDictionary<string, string>? environment = null, bool reloadable = false, ILoggerProvider? logs = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), "gateway-test-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        try
        {
            var addedReceivers = !yaml.Contains("receivers:", StringComparison.Ordinal);
            var text = Expand(yaml, directory, addedReceivers);
            var catalog = GatewayCatalog.Create();
            configureCatalog?.Invoke(catalog);
            Func<string, string?>? lookup = environment is null ? null : name => environment.TryGetValue(name, out var value) ? value : null;
            var loader = new GatewayConfigLoader(catalog, lookup);
            var path = Path.Combine(directory, "gateway.yaml");
            if (reloadable) await File.WriteAllTextAsync(path, text).ConfigureAwait(false);
            var config = loader.Load(text, path);

            // Parallel tests, and a gateway running on the default ports, cannot all have the collector's port 8888:
            // unless the test names an endpoint, the OS picks one.
            if (config.Service.Telemetry.Endpoint == TelemetryOptions.DefaultEndpoint) config.Service.Telemetry.Endpoint = "127.0.0.1:0";
            TestPorts.RequireOsChosen(config);
            var host = await GatewayHost.StartAsync(config, catalog, logging =>
            {
                logging.SetMinimumLevel(LogLevel.Warning);
                if (logs is not null) logging.AddProvider(logs);
            }, reloadable ? loader : null).ConfigureAwait(false);
            return new TestGateway(host, directory, addedReceivers);
        }
        catch
        {
            TryDelete(directory);
            throw;
        }
    }

    /// <summary>
    /// Replaces the configuration file the way an operator's editor does (write a temporary file, rename it over), with
    /// the same <c>{dir}</c> and receivers treatment as at start; a reloadable gateway picks it up.
    /// </summary>
    public async Task RewriteConfigAsync(string yaml)
    {
        var temporary = ConfigPath + ".tmp";
        await File.WriteAllTextAsync(temporary, Expand(yaml, Directory, _addedReceivers)).ConfigureAwait(false);
        File.Move(temporary, ConfigPath, overwrite: true);
    }

    private static string Expand(string yaml, string directory, bool addReceivers)
    {
        var text = yaml.Replace(DirectoryPlaceholder, directory.Replace('\\', '/'), StringComparison.Ordinal);
        return addReceivers ? LoopbackReceivers + text : text;
    }

    /// <summary>GET /readyz: the status code and the readiness document.</summary>
    public async Task<(HttpStatusCode Status, JsonElement Body)> ReadyzAsync(HttpClient http)
    {
        using var response = await http.GetAsync(new Uri(TelemetryEndpoint, "readyz")).ConfigureAwait(false);
        if (response.Content.Headers.ContentType?.MediaType != "application/json") throw new InvalidOperationException($"/readyz answered {response.Content.Headers.ContentType}, not JSON");
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync().ConfigureAwait(false));
        return (response.StatusCode, document.RootElement.Clone());
    }

    /// <summary>Every complete NDJSON line written so far to <paramref name="file"/> (relative to the directory).</summary>
    public async Task<IReadOnlyList<JsonElement>> ReadEnvelopesAsync(string file = DefaultEventsFile)
    {
        var path = Path.Combine(Directory, file);
        if (!File.Exists(path)) return [];
        string content;
        // The exporter keeps the file open for writing; read alongside it.
        await using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
        using (var reader = new StreamReader(stream, Encoding.UTF8))
        {
            content = await reader.ReadToEndAsync().ConfigureAwait(false);
        }

        var envelopes = new List<JsonElement>();
        var complete = content.LastIndexOf('\n');
        if (complete < 0) return envelopes;
        foreach (var line in content[..complete].Split('\n'))
        {
            if (line.Length == 0) continue;
            using var document = JsonDocument.Parse(line);
            envelopes.Add(document.RootElement.Clone());
        }

        return envelopes;
    }

    /// <summary>Waits (bounded) until at least <paramref name="count"/> envelopes are in the file, then returns them all.</summary>
    public async Task<IReadOnlyList<JsonElement>> WaitForEnvelopesAsync(int count, string file = DefaultEventsFile, TimeSpan? timeout = null)
    {
        IReadOnlyList<JsonElement> envelopes = [];
        await Eventually.TrueAsync(async () =>
        {
            envelopes = await ReadEnvelopesAsync(file).ConfigureAwait(false);
            return envelopes.Count >= count;
        }, $"{count} envelope(s) in {file}", timeout).ConfigureAwait(false);
        return envelopes;
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync().ConfigureAwait(false);
        TryDelete(Directory);
    }

    private static void TryDelete(string directory)
    {
        try
        {
            System.IO.Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open (a test reading alongside) only leaves a temp directory behind.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
