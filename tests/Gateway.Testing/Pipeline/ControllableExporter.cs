using System.Collections.Concurrent;
using Gateway.Envelope;
using Gateway.Exporters;

namespace Gateway.Testing.Pipeline;

/// <summary>
/// An exporter a test steers: delivers by default, or hangs (until cancelled or recovered), or answers every call with
/// a given result, or plays a script of results first, or throws on every batch holding a given event (as one whose
/// writer cannot take that event). Records what it delivered, so tests can count exactly-once.
/// </summary>
public sealed class ControllableExporter : IEventExporter
{
    private readonly object _lock = new();
    private readonly Queue<ExportResult> _script = new();
    private readonly ConcurrentQueue<EventEnvelope> _delivered = new();
    private TaskCompletionSource? _hang;
    private ExportResult? _failure;
    private Func<EventEnvelope, Exception?>? _thrower;
    private int _attempts;
    private int _inFlight;

    public ControllableExporter(string id) => Id = id;

    public string Id { get; }

    public IReadOnlyCollection<EventEnvelope> Delivered => _delivered;

    public int DeliveredCount => _delivered.Count;

    public int Attempts => Volatile.Read(ref _attempts);

    /// <summary>Export calls currently inside the exporter (a hung call counts until it is released or cancelled).</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Batch sizes of every call, delivered or not, in call order.</summary>
    public ConcurrentQueue<int> BatchSizes { get; } = new();

    /// <summary>From now on every call waits until <see cref="Recover"/> or until the caller cancels.</summary>
    public void Hang()
    {
        lock (_lock) _hang ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>From now on every call returns <paramref name="result"/> without delivering.</summary>
    public void FailWith(ExportResult result)
    {
        lock (_lock) _failure = result;
    }

    /// <summary>The next calls return these results in order (Partial results deliver the items not listed).</summary>
    public void Script(params ExportResult[] results)
    {
        lock (_lock)
        {
            foreach (var result in results) _script.Enqueue(result);
        }
    }

    /// <summary>
    /// From now on a call whose batch holds an event for which <paramref name="thrower"/> returns an exception throws
    /// it, delivering nothing of that batch; the other calls go on as before.
    /// </summary>
    public void ThrowOn(Func<EventEnvelope, Exception?> thrower)
    {
        lock (_lock) _thrower = thrower;
    }

    /// <summary>Back to delivering: hung calls go on and deliver, failures stop.</summary>
    public void Recover()
    {
        TaskCompletionSource? hang;
        lock (_lock)
        {
            hang = _hang;
            _hang = null;
            _failure = null;
            _thrower = null;
        }

        hang?.TrySetResult();
    }

    public async ValueTask<ExportResult> ExportAsync(EventBatch batch, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _attempts);
        Interlocked.Increment(ref _inFlight);
        BatchSizes.Enqueue(batch.Count);
        try
        {
            Func<EventEnvelope, Exception?>? thrower;
            lock (_lock) thrower = _thrower;
            foreach (var envelope in batch)
            {
                if (thrower?.Invoke(envelope) is { } exception) throw exception;
            }

            Task? hang;
            ExportResult? next;
            lock (_lock)
            {
                hang = _hang?.Task;
                next = _script.Count > 0 ? _script.Dequeue() : _failure;
            }

            if (hang is not null) await hang.WaitAsync(cancellationToken).ConfigureAwait(false);
            var result = next ?? ExportResult.Success();
            Record(batch, result);
            return result;
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private void Record(EventBatch batch, ExportResult result)
    {
        if (result.Outcome == ExportOutcome.Success)
        {
            foreach (var envelope in batch) _delivered.Enqueue(envelope);
            return;
        }

        if (result.Outcome != ExportOutcome.Partial) return;
        var failed = new HashSet<int>();
        foreach (var failure in result.ItemFailures) failed.Add(failure.Index);
        for (var i = 0; i < batch.Count; i++)
        {
            if (!failed.Contains(i)) _delivered.Enqueue(batch[i]);
        }
    }
}
