using Gateway.Configuration;
using Gateway.Pipeline;
using Gateway.Queues;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Testing.Pipeline;

/// <summary>
/// A <see cref="GatewayRuntime"/> built from a YAML string with controllable exporters of two types: <c>store</c>
/// (blocks when full, like elasticsearch and file) and <c>chat</c> (drops the oldest, like the chat exporters).
/// The dead-letter file goes to a fresh temporary directory.
/// </summary>
public sealed class PipelineHarness : IAsyncDisposable
{
    private readonly ComponentCatalog _catalog;
    private readonly RuntimeServices _services;
    private readonly string _service;

    private PipelineHarness(GatewayRuntime runtime, ComponentCatalog catalog, RuntimeServices services, string service, ControllableExporterFactory store, ControllableExporterFactory chat, string directory)
    {
        Runtime = runtime;
        _catalog = catalog;
        _services = services;
        _service = service;
        Store = store;
        Chat = chat;
        Directory = directory;
    }

    /// <summary>The runtime built last (at start or by <see cref="ReloadAsync"/>).</summary>
    public GatewayRuntime Runtime { get; private set; }

    public ControllableExporterFactory Store { get; }

    public ControllableExporterFactory Chat { get; }

    public string Directory { get; }

    public string DeadLetterPath => Path.Combine(Directory, "dead-letter.ndjson");

    public static ComponentCatalog Catalog(out ControllableExporterFactory store, out ControllableExporterFactory chat)
    {
        store = new ControllableExporterFactory("store", QueueFullPolicy.Block);
        chat = new ControllableExporterFactory("chat", QueueFullPolicy.DropOldest);
        return new ComponentCatalog().Add(store).Add(chat);
    }

    /// <summary>Loads <paramref name="yaml"/> (without a service: block; the harness adds one) and starts the runtime.</summary>
    public static async Task<PipelineHarness> StartAsync(string yaml, TimeProvider? time = null, string shutdownTimeout = "5s", ILoggerFactory? logging = null, Action<PipelineHarness>? beforeStart = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), "gateway-pipeline-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        var catalog = Catalog(out var store, out var chat);
        var service = $"service:\n  shutdown_timeout: {shutdownTimeout}\n  dead_letter:\n    path: {Path.Combine(directory, "dead-letter.ndjson")}\n";
        var config = new GatewayConfigLoader(catalog, _ => null).Load(service + yaml, "test.yaml");
        var services = new RuntimeServices(logging ?? NullLoggerFactory.Instance, time ?? TimeProvider.System, new EmptyServiceProvider()) { Random = new Random(42) };
        var runtime = GatewayRuntime.Build(config, catalog, services);
        var harness = new PipelineHarness(runtime, catalog, services, service, store, chat, directory);
        beforeStart?.Invoke(harness);
        await runtime.StartAsync(CancellationToken.None).ConfigureAwait(false);
        return harness;
    }

    /// <summary>
    /// Does what a configuration reload does: builds a runtime from <paramref name="yaml"/> carrying over the unchanged
    /// lanes, starts it and retires the previous one; returns the retirement (done when the removed lanes drained).
    /// </summary>
    public async Task<Task> ReloadAsync(string yaml)
    {
        var config = new GatewayConfigLoader(_catalog, _ => null).Load(_service + yaml, "test.yaml");
        var previous = Runtime;
        var next = GatewayRuntime.Build(config, _catalog, _services, previous);
        await next.StartAsync(CancellationToken.None).ConfigureAwait(false);
        Runtime = next;
        return previous.RetireAsync(next, CancellationToken.None);
    }

    /// <summary>The dead-letter file's lines (empty when nothing was dead-lettered).</summary>
    public string[] DeadLetterLines() => File.Exists(DeadLetterPath) ? File.ReadAllLines(DeadLetterPath) : [];

    public async ValueTask DisposeAsync()
    {
        await Runtime.DisposeAsync().ConfigureAwait(false);
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still open elsewhere only leaves a temp directory behind.
        }
    }

    private sealed class EmptyServiceProvider : IServiceProvider
    {
        public object? GetService(Type serviceType) => null;
    }
}
