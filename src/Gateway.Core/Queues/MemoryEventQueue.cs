using Gateway.Envelope;

namespace Gateway.Queues;

/// <summary>
/// The in-memory <see cref="IEventQueue"/>: a bounded FIFO under one lock (every operation is a few field updates),
/// with abandoned leases served first so retried events keep their place ahead of newer ones.
/// </summary>
public sealed class MemoryEventQueue : IEventQueue
{
    private readonly object _lock = new();
    private readonly Queue<Entry> _redelivery = new();
    private readonly Queue<Entry> _pending = new();
    private readonly QueueFullPolicy _policy;
    private readonly TimeProvider _time;
    private TaskCompletionSource _changed = NewSignal();
    private long _queuedBytes;
    private int _leased;
    private int _reserved;
    private bool _completed;

    public MemoryEventQueue(int capacity, QueueFullPolicy policy, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        _policy = policy;
        _time = time;
    }

    private readonly record struct Entry(EventEnvelope Envelope, int Bytes);

    public int Capacity { get; }

    public int Count
    {
        get
        {
            lock (_lock) return Used;
        }
    }

    public bool SurvivesRestart => false;

    /// <summary>Memory always takes what fits.</summary>
    public QueueWriteFailure? WriteFailure => null;

    private int Queued => _redelivery.Count + _pending.Count;

    private int Used => Queued + _leased + _reserved;

    public bool TryReserve(int count)
    {
        lock (_lock)
        {
            if (_completed) return false;

            if (!QueueRoom.Admits(Used, count, Capacity)) return false;
            _reserved += count;
            return true;
        }
    }

    public void CancelReservation(int count)
    {
        lock (_lock) _reserved -= count;
    }

    public ValueTask<EnqueueOutcome> EnqueueAsync(List<EventEnvelope> envelopes, bool reserved, CancellationToken cancellationToken)
    {
        var dropped = 0;
        TaskCompletionSource signal;
        lock (_lock)
        {
            if (reserved) _reserved -= envelopes.Count;
            if (_completed) return ValueTask.FromResult(new EnqueueOutcome(envelopes.Count));
            foreach (var envelope in envelopes)
            {
                if (!reserved && Used >= Capacity)
                {
                    dropped++;
                    if (_policy != QueueFullPolicy.DropOldest || Queued == 0) continue;
                    _queuedBytes -= (_redelivery.Count > 0 ? _redelivery.Dequeue() : _pending.Dequeue()).Bytes;
                }

                var entry = new Entry(envelope, EnvelopeSizeEstimate.Of(envelope));
                _pending.Enqueue(entry);
                _queuedBytes += entry.Bytes;
            }

            signal = SwapSignal();
        }

        signal.TrySetResult();
        return ValueTask.FromResult(new EnqueueOutcome(dropped));
    }

    public async ValueTask<QueueLease?> LeaseAsync(BatchLimits limits, CancellationToken cancellationToken)
    {
        long lingerStarted = -1;
        CancellationTokenSource? linger = null;
        try
        {
            while (true)
            {
                // A stopping worker must not be handed events again: with records waiting, this call would otherwise
                // return at once and an aborted lane would lease, give back and lease again without end.
                cancellationToken.ThrowIfCancellationRequested();
                Task changed;
                lock (_lock)
                {
                    var available = Queued;
                    if (available == 0 && _completed) return null;
                    if (available > 0)
                    {
                        if (lingerStarted < 0) lingerStarted = _time.GetTimestamp();
                        var full = available >= limits.MaxCount || _queuedBytes >= limits.MaxBytes;
                        if (full || _completed || _time.GetElapsedTime(lingerStarted) >= limits.MaxWait) return Take(limits);
                    }

                    changed = _changed.Task;
                }

                if (lingerStarted < 0)
                {
                    await changed.WaitAsync(cancellationToken).ConfigureAwait(false);
                    continue;
                }

                // Items are waiting for the batch to fill: wake on more items or when max_wait is up, whichever is first.
                linger ??= CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                var remaining = limits.MaxWait - _time.GetElapsedTime(lingerStarted);
                if (remaining > TimeSpan.Zero)
                {
                    await Task.WhenAny(changed, Task.Delay(remaining, _time, linger.Token)).ConfigureAwait(false);
                }

                cancellationToken.ThrowIfCancellationRequested();
            }
        }
        finally
        {
            if (linger is not null)
            {
                await linger.CancelAsync().ConfigureAwait(false);
                linger.Dispose();
            }
        }
    }

    public ValueTask CompleteAsync(QueueLease lease)
    {
        lock (_lock) _leased -= lease.Count;
        return ValueTask.CompletedTask;
    }

    public ValueTask AbandonAsync(QueueLease lease)
    {
        var sizes = (int[])lease.Position!;
        TaskCompletionSource signal;
        lock (_lock)
        {
            // Put the lease back ahead of everything not yet leased, keeping its own order.
            var behind = _redelivery.ToArray();
            _redelivery.Clear();
            for (var i = 0; i < lease.Count; i++)
            {
                _redelivery.Enqueue(new Entry(lease.Envelopes[i], sizes[i]));
                _queuedBytes += sizes[i];
            }

            foreach (var entry in behind) _redelivery.Enqueue(entry);
            _leased -= lease.Count;
            signal = SwapSignal();
        }

        signal.TrySetResult();
        return ValueTask.CompletedTask;
    }

    public void CompleteAdding()
    {
        TaskCompletionSource signal;
        lock (_lock)
        {
            _completed = true;
            signal = SwapSignal();
        }

        signal.TrySetResult();
    }

    private QueueLease Take(BatchLimits limits)
    {
        var count = Math.Min(limits.MaxCount, Queued);
        var envelopes = new List<EventEnvelope>(count);
        var sizes = new List<int>(count);
        long bytes = 0;
        while (envelopes.Count < count)
        {
            var source = _redelivery.Count > 0 ? _redelivery : _pending;
            var next = source.Peek();

            // Always at least one event, so an event larger than max_bytes still goes out (alone).
            if (envelopes.Count > 0 && bytes + next.Bytes > limits.MaxBytes) break;
            source.Dequeue();
            envelopes.Add(next.Envelope);
            sizes.Add(next.Bytes);
            bytes += next.Bytes;
        }

        _queuedBytes -= bytes;
        _leased += envelopes.Count;
        return new QueueLease(envelopes.ToArray(), sizes.ToArray());
    }

    private TaskCompletionSource SwapSignal()
    {
        var current = _changed;
        _changed = NewSignal();
        return current;
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
