using System.Collections.Concurrent;
using Gateway.Configuration;
using Gateway.Diagnostics;
using Gateway.Envelope;
using Gateway.Exporters;
using Gateway.Processors;
using Gateway.Processors.Sampling;
using Gateway.Queues;
using Gateway.Routing;
using Gateway.Routing.Conditions;
using Gateway.Taps;
using Microsoft.Extensions.Logging;

namespace Gateway.Pipeline;

/// <summary>
/// The running gateway built from one configuration snapshot: processors in their fixed order, then the routes, then
/// one isolated <see cref="ExporterLane"/> per routed exporter. A request is either wholly enqueued or, when a
/// block-policy queue lacks room or a persistent queue cannot store, wholly refused with a retry delay, so the
/// client's retry never duplicates.
/// </summary>
public sealed class GatewayRuntime : IIngestPipeline, IAsyncDisposable
{
    /// <summary>What a refused client is told to wait: long enough for a batch or two to drain, short enough to keep latency.</summary>
    public static readonly TimeSpan BackpressureRetryAfter = TimeSpan.FromSeconds(1);

    /// <summary>
    /// What a client is told to wait when a persistent queue cannot store (its disk is full): room seldom comes back
    /// within a second, and an OTLP client has only a few retries before it drops the data.
    /// </summary>
    public static readonly TimeSpan StorageRetryAfter = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan UnroutedReportInterval = TimeSpan.FromMinutes(1);

    private readonly IEventProcessor[] _processors;
    private readonly SamplingProcessor? _firstSampler;
    private readonly ExporterLane[] _lanes;
    private readonly RouteTable _routes;
    private readonly KeyValuePair<string, object?>[] _routeTags;
    private readonly DeadLetterFile _deadLetters;
    private readonly PipelineTaps _taps;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentBag<IngestScratch> _scratch = [];
    private readonly LogThrottle _unroutedReports;
    private readonly TaskCompletionSource _idle = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task<ShutdownReport>? _stop;
    private int _stopping;
    private int _retired;
    private int _activeIngests;

    private GatewayRuntime(GatewayConfig config, (ComponentId Id, IEventProcessor Processor)[] processors, List<CompiledRoute> compiledRoutes, ExporterLane[] lanes, RouteTable routes, DeadLetterFile deadLetters, PipelineTaps taps, TimeProvider time, ILogger logger)
    {
        ProcessorIds = Array.ConvertAll(processors, p => p.Id);
        Routes = compiledRoutes;
        _taps = taps;
        Config = config;
        _processors = Array.ConvertAll(processors, p => p.Processor);
        _firstSampler = _processors is [SamplingProcessor { DecidesUnmapped: true } first, ..] ? first : null;
        _lanes = lanes;
        _routes = routes;
        _routeTags = Array.ConvertAll(routes.RouteNames, name => new KeyValuePair<string, object?>("route", name));
        _deadLetters = deadLetters;
        _time = time;
        _logger = logger;
        _unroutedReports = new LogThrottle(UnroutedReportInterval, time);
    }

    public GatewayConfig Config { get; }

    public SamplingProcessor? FirstSampler => _taps.Attached is null ? _firstSampler : null;

    /// <summary>The running exporter lanes, in configuration order: their health and queue fill feed readiness.</summary>
    public IReadOnlyList<ExporterLane> Lanes => _lanes;

    /// <summary>The processors in the order they run (the status page draws them).</summary>
    public IReadOnlyList<ComponentId> ProcessorIds { get; }

    /// <summary>The routes as compiled, in order (the implicit default route when none is written).</summary>
    public IReadOnlyList<CompiledRoute> Routes { get; }

    /// <summary>Where undeliverable events are written.</summary>
    public string DeadLetterPath => Config.Service.DeadLetter.Path;

    /// <param name="previous">
    /// The runtime a configuration reload replaces: its lanes whose exporter id and YAML block are unchanged are carried
    /// over as they are (queue, in-flight batches and retry state untouched), and so is its dead-letter file.
    /// </param>
    public static GatewayRuntime Build(GatewayConfig config, ComponentCatalog catalog, RuntimeServices services, GatewayRuntime? previous = null)
    {
        var logger = services.LoggerFactory.CreateLogger("Gateway.Pipeline");
        var processors = BuildProcessors(config, catalog, services.LoggerFactory, services.Time);
        var routes = CompileRoutes(config);
        var routed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var route in routes) routed.UnionWith(route.Exporters);

        var deadLetters = previous?._deadLetters ?? new DeadLetterFile(config.Service.DeadLetter, services.Time, logger);
        var lanes = new List<ExporterLane>();
        var indexes = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (id, options) in config.Exporters)
        {
            var name = id.ToString();
            if (!routed.Contains(name))
            {
                RuntimeLog.NotRouted(logger, name);
                continue;
            }

            if (previous?.UnchangedLane(id, config) is { } carried)
            {
                indexes[name] = lanes.Count;
                lanes.Add(carried);
                continue;
            }

            IEventQueue queue;
            try
            {
                queue = EventQueueFactory.Create(name, options.Queue, services.Time, services.LoggerFactory);
            }
            catch
            {
                // A persistent queue holds its directory: let go of the ones opened here (never a lane carried over
                // from the running runtime), so a retry can open them.
                foreach (var built in lanes)
                {
                    if (previous is null || Array.IndexOf(previous._lanes, built) < 0) built.DisposeQueueAsync().AsTask().GetAwaiter().GetResult();
                }

                throw;
            }

            var exporter = catalog.Exporters[id.Type].Create(new ExporterContext
            {
                Id = id, Options = options, LoggerFactory = services.LoggerFactory, Time = services.Time, Services = services.Services, Config = config,
                DeadLetters = deadLetters, Random = new Random(services.Random.Next()),
            });
            indexes[name] = lanes.Count;
            lanes.Add(new ExporterLane(id, exporter, options, queue, deadLetters, new Random(services.Random.Next()), services.Time, services.LoggerFactory.CreateLogger("Gateway.Exporter")));
        }

        var table = new RouteTable(routes, name => indexes[name]);
        return new GatewayRuntime(config, processors, routes, lanes.ToArray(), table, deadLetters, services.Taps, services.Time, logger);
    }

    /// <summary>The configuration's processors in the fixed order they run in (route tests build the same ones).</summary>
    public static (ComponentId Id, IEventProcessor Processor)[] BuildProcessors(GatewayConfig config, ComponentCatalog catalog, ILoggerFactory loggerFactory, TimeProvider time)
    {
        var processors = new List<(int Order, ComponentId Id, IEventProcessor Processor)>();
        foreach (var (id, options) in config.Processors)
        {
            var factory = catalog.Processors[id.Type];
            processors.Add((factory.Order, id, factory.Create(new ProcessorContext { Id = id, Options = options, LoggerFactory = loggerFactory, Time = time })));
        }

        // A stable sort: processors of one type keep the file's order.
        return [.. processors.Select((p, i) => (p, i)).OrderBy(x => x.p.Order).ThenBy(x => x.i).Select(x => (x.p.Id, x.p.Processor))];
    }

    private ExporterLane? UnchangedLane(ComponentId id, GatewayConfig next)
    {
        var name = id.ToString();
        foreach (var lane in _lanes)
        {
            if (lane.Name != name) continue;
            var unchanged = Config.ExporterNodes.TryGetValue(id, out var before) && next.ExporterNodes.TryGetValue(id, out var after)
                && YamlNodeText.Of(before) == YamlNodeText.Of(after);
            return unchanged ? lane : null;
        }

        return null;
    }

    /// <summary>With no <c>routes:</c> written, an implicit default route sends every event to every exporter.</summary>
    public static List<CompiledRoute> CompileRoutes(GatewayConfig config)
    {
        var exporterIds = new List<string>();
        foreach (var id in config.Exporters.Keys) exporterIds.Add(id.ToString());
        if (config.Routes.Count == 0)
        {
            return [new CompiledRoute { Name = CompiledRoute.DefaultName, Condition = new AllConditions([]), Exporters = [.. exporterIds] }];
        }

        var errors = new ConfigErrors(config.SourcePath);
        var routes = RouteCompiler.Compile(config.Routes, config.RouteNodes, exporterIds, new YamlBinder(errors));
        errors.ThrowIfAny();
        return routes;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var lane in _lanes) lane.Start();
        return Task.CompletedTask;
    }

    public async ValueTask<IngestResult> IngestAsync(List<EventEnvelope> envelopes, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _activeIngests);
        try
        {
            if (Volatile.Read(ref _stopping) != 0) return new IngestResult(IngestStatus.ShuttingDown, Reason: "the gateway is shutting down");

            // What live taps cost while none is attached: this read and branch, once per batch.
            if (_taps.Attached is { } taps) return await IngestTappedAsync(envelopes, taps, cancellationToken).ConfigureAwait(false);
            foreach (var processor in _processors) processor.Process(envelopes);
            return await RouteAsync(envelopes, null, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (Interlocked.Decrement(ref _activeIngests) == 0 && Volatile.Read(ref _stopping) != 0) _idle.TrySetResult();
        }
    }

    /// <summary>The same steps with the attached taps offered each batch: as received, after the processors, per exporter.</summary>
    private async ValueTask<IngestResult> IngestTappedAsync(List<EventEnvelope> envelopes, TapSubscription[] taps, CancellationToken cancellationToken)
    {
        PipelineTaps.Offer(taps, TapStage.Received, null, envelopes);
        foreach (var processor in _processors) processor.Process(envelopes);
        PipelineTaps.Offer(taps, TapStage.Processed, null, envelopes);
        return await RouteAsync(envelopes, taps, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<IngestResult> RouteAsync(List<EventEnvelope> envelopes, TapSubscription[]? taps, CancellationToken cancellationToken)
    {
        var scratch = _scratch.TryTake(out var pooled) ? pooled : new IngestScratch(_lanes.Length, _routes.RouteNames.Length);
        try
        {
            var result = await RouteAndEnqueueAsync(envelopes, scratch, cancellationToken).ConfigureAwait(false);

            // An exporter's tap shows what its queue took: nothing of a request the gateway refused.
            if (taps is not null && result.Status == IngestStatus.Accepted)
            {
                for (var i = 0; i < _lanes.Length; i++)
                {
                    if (scratch.Buckets[i].Count > 0) PipelineTaps.Offer(taps, TapStage.Exporter, _lanes[i].Name, scratch.Buckets[i]);
                }
            }

            return result;
        }
        finally
        {
            scratch.Clear();
            _scratch.Add(scratch);
        }
    }

    private async ValueTask<IngestResult> RouteAndEnqueueAsync(List<EventEnvelope> envelopes, IngestScratch scratch, CancellationToken cancellationToken)
    {
        var buckets = scratch.Buckets;
        var targets = scratch.Targets;
        var unrouted = 0;
        foreach (var envelope in envelopes)
        {
            Array.Clear(targets);
            if (!_routes.Route(envelope, targets, scratch.Hits))
            {
                unrouted++;
                continue;
            }

            for (var i = 0; i < targets.Length; i++)
            {
                if (targets[i]) buckets[i].Add(envelope);
            }
        }

        if (TryFindUnwritableQueue(scratch, out var unavailable)) return unavailable;
        if (!TryReserveBlockingQueues(scratch, out var refused)) return refused;
        var next = 0;
        try
        {
            for (; next < _lanes.Length; next++)
            {
                if (buckets[next].Count > 0) await _lanes[next].EnqueueAsync(buckets[next], scratch.Reserved[next], cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e)
        {
            // A queue that failed to append (its disk cannot store, or a disk queue at max_bytes) must not keep the
            // room held for the queues after it.
            for (var i = next; i < _lanes.Length; i++)
            {
                if (scratch.Reserved[i]) _lanes[i].Queue.CancelReservation(buckets[i].Count);
            }

            // The disk failed between the check above and this append: the queues before it have the events (the
            // client's retry duplicates them there), this one has none of them.
            if (e is QueueUnwritableException unwritable) return RefuseUnwritable(next, buckets[next].Count, unwritable.Failure);
            if (e is not (QueueFullException or QueueRequestTooLargeException)) throw;
            PipelineMetrics.EnqueueFailed.Add(buckets[next].Count, _lanes[next].ExporterTag);
            return e is QueueRequestTooLargeException
                ? new IngestResult(IngestStatus.TooLarge, Reason: e.Message)
                : new IngestResult(IngestStatus.Backpressure, BackpressureRetryAfter, $"the persistent queue of exporter {_lanes[next].Name} is at its max_bytes");
        }

        for (var r = 0; r < scratch.Hits.Length; r++)
        {
            if (scratch.Hits[r] > 0) PipelineMetrics.Routed.Add(scratch.Hits[r], _routeTags[r]);
        }

        if (unrouted > 0) CountUnrouted(unrouted);
        return IngestResult.Accepted;
    }

    /// <summary>
    /// A persistent queue that cannot store is known before anything is enqueued: the request is refused whole, so no
    /// other exporter keeps a copy the client's retry would duplicate.
    /// </summary>
    private bool TryFindUnwritableQueue(IngestScratch scratch, out IngestResult refused)
    {
        for (var i = 0; i < _lanes.Length; i++)
        {
            if (scratch.Buckets[i].Count == 0 || _lanes[i].Queue.WriteFailure is not { } failure) continue;
            refused = RefuseUnwritable(i, scratch.Buckets[i].Count, failure);
            return true;
        }

        refused = default;
        return false;
    }

    private IngestResult RefuseUnwritable(int lane, int count, QueueWriteFailure failure)
    {
        var exporter = _lanes[lane];
        PipelineMetrics.EnqueueFailed.Add(count, exporter.ExporterTag);
        PipelineMetrics.WriteRefused.Add(count, exporter.ExporterTag, new KeyValuePair<string, object?>("reason", failure.Kind));
        return new IngestResult(IngestStatus.StorageUnavailable, StorageRetryAfter, $"the persistent queue of exporter {exporter.Name} cannot store events: {failure.ClientMessage}; retry later");
    }

    /// <summary>Holds room in every block-policy queue the request touches, or in none of them.</summary>
    private bool TryReserveBlockingQueues(IngestScratch scratch, out IngestResult refused)
    {
        for (var i = 0; i < _lanes.Length; i++)
        {
            var count = scratch.Buckets[i].Count;
            if (count == 0 || _lanes[i].Policy != QueueFullPolicy.Block) continue;
            if (_lanes[i].Queue.TryReserve(count))
            {
                scratch.Reserved[i] = true;
                continue;
            }

            for (var j = 0; j < i; j++)
            {
                if (scratch.Reserved[j]) _lanes[j].Queue.CancelReservation(scratch.Buckets[j].Count);
                scratch.Reserved[j] = false;
            }

            var lane = _lanes[i];
            PipelineMetrics.EnqueueFailed.Add(count, lane.ExporterTag);
            var used = lane.Queue.Count;
            var bound = used + count > lane.Queue.Capacity ? $"{used} of {lane.Queue.Capacity} events" : "at its max_bytes on disk";
            refused = new IngestResult(IngestStatus.Backpressure, BackpressureRetryAfter, $"the queue of exporter {lane.Name} is full ({bound})");
            return false;
        }

        refused = default;
        return true;
    }

    /// <summary>Unrouted events are counted always and reported in the log at most once a minute, never silently lost.</summary>
    private void CountUnrouted(int count)
    {
        PipelineMetrics.Unrouted.Add(count);
        if (_unroutedReports.TryReport(count, out var total)) RuntimeLog.Unrouted(_logger, total);
    }

    /// <summary>
    /// Stops taking events, then lets every exporter drain its queue until <c>service.shutdown_timeout</c> (or
    /// <paramref name="cancellationToken"/>) runs out; what is left is reported, and dead-lettered unless its queue
    /// is persistent (then it stays on disk for the next start).
    /// </summary>
    public Task<ShutdownReport> StopAsync(CancellationToken cancellationToken)
    {
        lock (_idle)
        {
            return _stop ??= StopCoreAsync(cancellationToken);
        }
    }

    private async Task<ShutdownReport> StopCoreAsync(CancellationToken cancellationToken)
    {
        Interlocked.Exchange(ref _stopping, 1);
        using var deadline = new CancellationTokenSource(Config.Service.ShutdownTimeout, _time);
        await using var linked = cancellationToken.Register(static state => ((CancellationTokenSource)state!).Cancel(), deadline).ConfigureAwait(false);
        var drained = true;
        try
        {
            if (Volatile.Read(ref _activeIngests) > 0) await _idle.Task.WaitAsync(deadline.Token).ConfigureAwait(false);
            foreach (var lane in _lanes) lane.CompleteAdding();
            await Task.WhenAll(Array.ConvertAll(_lanes, l => l.Completion)).WaitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            drained = false;
        }

        if (_unroutedReports.TakePending() is var unrouted and > 0) RuntimeLog.Unrouted(_logger, unrouted);
        if (drained)
        {
            RuntimeLog.Drained(_logger);
            return new ShutdownReport(true, []);
        }

        var undelivered = new List<ExporterShutdownReport>();
        foreach (var lane in _lanes)
        {
            var report = await lane.AbortAsync().ConfigureAwait(false);
            if (report.Undelivered == 0) continue;
            undelivered.Add(report);
            if (report.KeptOnDisk > 0) RuntimeLog.KeptOnDisk(_logger, Config.Service.ShutdownTimeout, lane.Name, report.KeptOnDisk);
            if (report.DeadLettered + report.StillInFlight > 0) RuntimeLog.Undelivered(_logger, Config.Service.ShutdownTimeout, lane.Name, report.DeadLettered, report.StillInFlight);
        }

        return new ShutdownReport(false, undelivered);
    }

    /// <summary>
    /// Hands over to <paramref name="successor"/> after a configuration reload: new requests are turned away (the
    /// caller asks the successor), requests already inside finish enqueueing, then every lane the successor did not
    /// carry over drains its queue to its old destination and is disposed. Nothing queued is dropped unless
    /// <paramref name="abort"/> fires (the gateway is stopping), which dead-letters what is left as a stop would.
    /// </summary>
    public async Task RetireAsync(GatewayRuntime successor, CancellationToken abort)
    {
        Interlocked.Exchange(ref _retired, 1);
        Interlocked.Exchange(ref _stopping, 1);
        if (Volatile.Read(ref _activeIngests) > 0) await _idle.Task.ConfigureAwait(false);
        var retiring = new List<ExporterLane>();
        foreach (var lane in _lanes)
        {
            if (Array.IndexOf(successor._lanes, lane) >= 0) continue;
            retiring.Add(lane);
            lane.CompleteAdding();
        }

        try
        {
            await Task.WhenAll(retiring.ConvertAll(l => l.Completion)).WaitAsync(abort).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            foreach (var lane in retiring)
            {
                var report = await lane.AbortAsync().ConfigureAwait(false);
                if (report.Undelivered > 0) RuntimeLog.Undelivered(_logger, Config.Service.ShutdownTimeout, lane.Name, report.DeadLettered, report.StillInFlight);
            }
        }

        foreach (var lane in retiring) await lane.DisposeAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        // A retired runtime gave its lanes and dead-letter file to its successor; RetireAsync disposed the rest.
        if (Volatile.Read(ref _retired) != 0) return;
        // Disposing without a stop is a stop with no time to drain: what is queued goes to the dead-letter file.
        await StopAsync(new CancellationToken(canceled: true)).ConfigureAwait(false);
        foreach (var lane in _lanes) await lane.DisposeAsync().ConfigureAwait(false);
        await _deadLetters.DisposeAsync().ConfigureAwait(false);
    }
}
