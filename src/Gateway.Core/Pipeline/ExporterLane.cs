using Gateway.Configuration;
using Gateway.Envelope;
using Gateway.Exporters;
using Gateway.Queues;
using Microsoft.Extensions.Logging;

namespace Gateway.Pipeline;

/// <summary>
/// One exporter in isolation: its own bounded queue, its own workers and its own retry loop, so a slow or failing
/// destination fills only this queue while every other exporter keeps delivering.
/// </summary>
public sealed class ExporterLane : IAsyncDisposable
{
    /// <summary>How long a stop waits for an export call to honour cancellation before reporting it as stuck.</summary>
    private static readonly TimeSpan AbortGrace = TimeSpan.FromSeconds(2);

    private static readonly DeadLetterEntry ShutdownEntry = new(DeadLetterReasons.Shutdown, "not delivered before the shutdown timeout", DeadLetterReasons.Shutdown);

    private readonly IEventExporter _exporter;
    private readonly ExporterOptions _options;
    private readonly BatchDelivery _delivery;
    private readonly DeadLetterFile _deadLetters;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _abort = new();
    private Task[] _workers = [];
    private int _started;

    /// <summary>Events a worker was retrying when the stop came, dead-lettered by that worker.</summary>
    private int _deadLetteredInFlight;

    /// <summary>Where events go that a stop leaves undelivered; null: the dead-letter file.</summary>
    private readonly Func<ReadOnlyMemory<EventEnvelope>, ValueTask>? _handOver;

    /// <param name="handOver">
    /// Takes the events an abort leaves undelivered (queued, or mid-retry) instead of the dead-letter file: the
    /// loadbalancing exporter sends a departed backend's events to the backends that remain.
    /// </param>
    public ExporterLane(ComponentId id, IEventExporter exporter, ExporterOptions options, IEventQueue queue, DeadLetterFile deadLetters, Random random, TimeProvider time, ILogger logger, Func<ReadOnlyMemory<EventEnvelope>, ValueTask>? handOver = null)
    {
        _handOver = handOver;
        Name = id.ToString();
        ExporterTag = new KeyValuePair<string, object?>("exporter", Name);
        _exporter = exporter;
        _options = options;
        Queue = queue;
        _deadLetters = deadLetters;
        _time = time;
        _logger = logger;
        _delivery = new BatchDelivery(Name, exporter, options.Retry, random, deadLetters, time, logger);
    }

    public string Name { get; }

    /// <summary>The exporter this lane feeds, for the host's endpoints that read through it (the query API).</summary>
    public IEventExporter Exporter => _exporter;

    public KeyValuePair<string, object?> ExporterTag { get; }

    public IEventQueue Queue { get; }

    public QueueFullPolicy Policy => _options.Queue.Policy;

    /// <summary>Ok, or retrying since T with the last error; the queue fill is <see cref="Queue"/>'s Count/Capacity.</summary>
    public ExporterHealth Health => _delivery.Health;

    /// <summary>Completes when every worker has finished (the queue drained, or the lane was aborted).</summary>
    public Task Completion { get; private set; } = Task.CompletedTask;

    /// <summary>Starts the workers once; a lane a configuration reload carries over is already running.</summary>
    public void Start()
    {
        if (Interlocked.Exchange(ref _started, 1) == 1) return;
        PipelineMetrics.Register(this);
        if (_exporter is IStartableExporter startable) _ = RunStartAsync(startable);
        _workers = new Task[_options.Queue.Workers];
        for (var i = 0; i < _workers.Length; i++) _workers[i] = Task.Run(RunWorkerAsync, CancellationToken.None);
        Completion = _exporter is IQueueingExporter queueing ? DrainAfterWorkersAsync(queueing) : Task.WhenAll(_workers);
    }

    /// <summary>An exporter with queues of its own is drained once nothing more comes from this lane's queue.</summary>
    private async Task DrainAfterWorkersAsync(IQueueingExporter queueing)
    {
        await Task.WhenAll(_workers).ConfigureAwait(false);
        try
        {
            await queueing.DrainAsync(_abort.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_abort.IsCancellationRequested)
        {
            // Aborted: AbortAsync asks the exporter for what it still holds.
        }
    }

    public async ValueTask EnqueueAsync(List<EventEnvelope> envelopes, bool reserved, CancellationToken cancellationToken)
    {
        var outcome = await Queue.EnqueueAsync(envelopes, reserved, cancellationToken).ConfigureAwait(false);
        if (outcome.Dropped > 0) PipelineMetrics.EnqueueFailed.Add(outcome.Dropped, ExporterTag);
    }

    /// <summary>No more events; the workers go on until the queue is empty.</summary>
    public void CompleteAdding() => Queue.CompleteAdding();

    /// <summary>
    /// The shutdown timeout ran out: cancels retries and export calls, and dead-letters what a memory queue would
    /// otherwise lose. A disk queue keeps its events for the next start.
    /// </summary>
    public async Task<ExporterShutdownReport> AbortAsync()
    {
        await _abort.CancelAsync().ConfigureAwait(false);
        await Task.WhenAny(Completion, Task.Delay(AbortGrace, _time)).ConfigureAwait(false);
        var deadLettered = 0;
        if (!Queue.SurvivesRestart)
        {
            Queue.CompleteAdding();
            while (await Queue.LeaseAsync(new BatchLimits(int.MaxValue, long.MaxValue, TimeSpan.Zero), CancellationToken.None).ConfigureAwait(false) is { } rest)
            {
                await SetAsideAsync(rest.Envelopes).ConfigureAwait(false);
                deadLettered += rest.Count;
                await Queue.CompleteAsync(rest).ConfigureAwait(false);
            }
        }

        var held = _exporter is IQueueingExporter queueing ? await queueing.AbortAsync().ConfigureAwait(false) : null;

        // A disk queue's events (queued, or in an export call that never confirmed them) are all still in its log.
        return Queue.SurvivesRestart
            ? new ExporterShutdownReport(Name, held?.DeadLettered ?? 0, held?.StillInFlight ?? 0) { KeptOnDisk = Queue.Count }
            : new ExporterShutdownReport(Name, deadLettered + Volatile.Read(ref _deadLetteredInFlight) + (held?.DeadLettered ?? 0), Queue.Count + (held?.StillInFlight ?? 0));
    }

    private ValueTask SetAsideAsync(ReadOnlyMemory<EventEnvelope> envelopes) =>
        _handOver is null ? _deadLetters.WriteAsync(Name, ShutdownEntry, envelopes) : _handOver(envelopes);

    private async Task RunWorkerAsync()
    {
        var limits = BatchLimits.From(_options.Batch);
        while (true)
        {
            QueueLease? lease;
            try
            {
                lease = await Queue.LeaseAsync(limits, _abort.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (lease is null) return;
            var undelivered = await DeliverAsync(lease).ConfigureAwait(false);
            if (undelivered.IsEmpty || !Queue.SurvivesRestart)
            {
                if (!undelivered.IsEmpty)
                {
                    await SetAsideAsync(undelivered).ConfigureAwait(false);
                    Interlocked.Add(ref _deadLetteredInFlight, undelivered.Length);
                }

                await Queue.CompleteAsync(lease).ConfigureAwait(false);
            }
            else
            {
                await Queue.AbandonAsync(lease).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Delivery settles every outcome of the exporter itself; should it still fail (a bug), the batch is set aside in
    /// the dead-letter file, because a worker that died here would stall the lane and, behind it, every client.
    /// </summary>
    private async ValueTask<ReadOnlyMemory<EventEnvelope>> DeliverAsync(QueueLease lease)
    {
        try
        {
            return await _delivery.DeliverAsync(lease.Envelopes, _abort.Token).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            RuntimeLog.WorkerFailed(_logger, Name, lease.Count, e);
            var entry = new DeadLetterEntry(DeadLetterReasons.InternalError, $"{e.GetType().Name}: {e.Message}", DeadLetterReasons.InternalError);
            await _deadLetters.WriteAsync(Name, entry, lease.Envelopes).ConfigureAwait(false);
            return ReadOnlyMemory<EventEnvelope>.Empty;
        }
    }

    private async Task RunStartAsync(IStartableExporter startable)
    {
        try
        {
            await startable.StartAsync(_abort.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !_abort.IsCancellationRequested)
        {
            RuntimeLog.StartFailed(_logger, Name, e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        PipelineMetrics.Unregister(this);
        if (!_abort.IsCancellationRequested) await _abort.CancelAsync().ConfigureAwait(false);
        if (_exporter is IAsyncDisposable disposable) await disposable.DisposeAsync().ConfigureAwait(false);
        else if (_exporter is IDisposable syncDisposable) syncDisposable.Dispose();
        await DisposeQueueAsync().ConfigureAwait(false);
        _abort.Dispose();
    }

    /// <summary>Closes a disk queue (its unacknowledged events stay on disk and its directory is released).</summary>
    public ValueTask DisposeQueueAsync() => Queue is IAsyncDisposable disposable ? disposable.DisposeAsync() : ValueTask.CompletedTask;
}
