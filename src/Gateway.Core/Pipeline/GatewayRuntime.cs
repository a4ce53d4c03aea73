using System.Threading.Channels;
using Gateway.Configuration;
using Gateway.Diagnostics;
using Gateway.Envelope;
using Gateway.Exporters;
using Gateway.Processors;
using Microsoft.Extensions.Logging;

namespace Gateway.Pipeline;

/// <summary>
/// The running gateway built from one configuration snapshot: processors in their fixed order, then every exporter
/// behind its own bounded queue and worker. (First slice: every event goes to every exporter named by a route, or to
/// all exporters when no route is written; routing rules, retry and backpressure replace this.)
/// </summary>
public sealed class GatewayRuntime : IIngestPipeline, IAsyncDisposable
{
    private readonly IEventProcessor[] _processors;
    private readonly ExporterWorker[] _workers;
    private readonly CancellationTokenSource _stopping = new();

    private GatewayRuntime(GatewayConfig config, IEventProcessor[] processors, ExporterWorker[] workers)
    {
        Config = config;
        _processors = processors;
        _workers = workers;
    }

    public GatewayConfig Config { get; }

    public static GatewayRuntime Build(GatewayConfig config, ComponentCatalog catalog, RuntimeServices services)
    {
        var processors = new List<(int Order, IEventProcessor Processor)>();
        foreach (var (id, options) in config.Processors)
        {
            var factory = catalog.Processors[id.Type];
            processors.Add((factory.Order, factory.Create(new ProcessorContext { Id = id, Options = options, LoggerFactory = services.LoggerFactory, Time = services.Time })));
        }

        processors.Sort((a, b) => a.Order.CompareTo(b.Order));
        var routed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var route in config.Routes)
        {
            if (!route.Drop) routed.UnionWith(route.Exporters);
        }

        var workers = new List<ExporterWorker>();
        foreach (var (id, options) in config.Exporters)
        {
            if (config.Routes.Count > 0 && !routed.Contains(id.ToString())) continue;
            var exporter = catalog.Exporters[id.Type].Create(new ExporterContext
            {
                Id = id, Options = options, LoggerFactory = services.LoggerFactory, Time = services.Time, Services = services.Services, Config = config,
            });
            workers.Add(new ExporterWorker(id, exporter, options, services.LoggerFactory.CreateLogger("Gateway.Exporter")));
        }

        return new GatewayRuntime(config, processors.ConvertAll(p => p.Processor).ToArray(), workers.ToArray());
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var worker in _workers) await worker.StartAsync(_stopping.Token).ConfigureAwait(false);
    }

    public ValueTask<IngestResult> IngestAsync(List<EventEnvelope> envelopes, CancellationToken cancellationToken)
    {
        foreach (var processor in _processors) processor.Process(envelopes);
        foreach (var worker in _workers)
        {
            foreach (var envelope in envelopes) worker.TryEnqueue(envelope);
        }

        return ValueTask.FromResult(IngestResult.Accepted);
    }

    /// <summary>Stops taking events and drains every queue until <paramref name="cancellationToken"/> fires.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var worker in _workers) worker.Complete();
        await Task.WhenAll(Array.ConvertAll(_workers, w => w.Completion)).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        foreach (var worker in _workers) await worker.DisposeAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    private sealed class ExporterWorker(ComponentId id, IEventExporter exporter, ExporterOptions options, ILogger logger) : IAsyncDisposable
    {
        private readonly Channel<EventEnvelope> _queue = Channel.CreateBounded<EventEnvelope>(new BoundedChannelOptions(options.Queue.Size)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.DropOldest,
        });

        public Task Completion { get; private set; } = Task.CompletedTask;

        public Task StartAsync(CancellationToken stopping)
        {
            if (exporter is IStartableExporter startable) _ = startable.StartAsync(stopping);
            Completion = Task.Run(() => RunAsync(stopping), CancellationToken.None);
            return Task.CompletedTask;
        }

        public bool TryEnqueue(EventEnvelope envelope) => _queue.Writer.TryWrite(envelope);

        public void Complete() => _queue.Writer.TryComplete();

        private async Task RunAsync(CancellationToken stopping)
        {
            var batch = new List<EventEnvelope>(options.Batch.MaxSize);
            while (await _queue.Reader.WaitToReadAsync(stopping).ConfigureAwait(false))
            {
                while (batch.Count < options.Batch.MaxSize && _queue.Reader.TryRead(out var envelope)) batch.Add(envelope);
                var result = await exporter.ExportAsync(new EventBatch(batch.ToArray()), stopping).ConfigureAwait(false);
                if (result.Outcome != ExportOutcome.Success) PipelineLog.ExportFailed(logger, id.ToString(), batch.Count, result.ToString());
                batch.Clear();
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (exporter is IAsyncDisposable disposable) await disposable.DisposeAsync().ConfigureAwait(false);
        }
    }
}
