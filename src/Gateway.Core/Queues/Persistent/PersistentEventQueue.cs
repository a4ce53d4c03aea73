using System.Collections.Concurrent;
using Gateway.Envelope;
using Microsoft.Extensions.Logging;

namespace Gateway.Queues.Persistent;

/// <summary>
/// The disk-backed <see cref="IEventQueue"/> of one exporter, over a <see cref="DurableLog"/>: an enqueue completes
/// only once its events are stored as durably as the fsync policy promises (so the receiver acknowledges stored
/// data), leases read the log in order, completing a lease acknowledges its records, and whatever is not
/// acknowledged when the gateway stops or crashes is delivered first on the next start.
/// Bounded by <c>size</c> (events) and <c>max_bytes</c> (disk), whichever is reached first.
/// </summary>
public sealed class PersistentEventQueue : IEventQueue, IAsyncDisposable
{
    /// <summary>What a record is assumed to take on disk before any was appended (for reserving against max_bytes).</summary>
    private const long AssumedRecordBytes = 1024;

    private readonly Lock _lock = new();

    /// <summary>Abandoned (or read past a batch's max_bytes) events, served before the log's unread records.</summary>
    private readonly LinkedList<Entry> _redelivery = new();
    private readonly ConcurrentBag<EncodedRequest> _encoders = [];
    private readonly DurableLog _log;
    private readonly QueueFullPolicy _policy;
    private readonly long _maxBytes;
    private readonly string _name;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private TaskCompletionSource _changed = NewSignal();
    private long _appendedRecords;
    private long _appendedBytes;
    private int _reserved;
    private bool _completed;

    public PersistentEventQueue(DurableLog log, string name, int capacity, QueueFullPolicy policy, long maxBytes, TimeProvider time, ILogger logger)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);

        // Dropping the oldest would mean acknowledging stored events nobody delivered: refused at load (QueueOptions).
        if (policy == QueueFullPolicy.DropOldest) throw new ArgumentException("a persistent queue supports the block and drop_newest policies", nameof(policy));
        _log = log;
        _name = name;
        Capacity = capacity;
        _policy = policy;
        _maxBytes = maxBytes;
        _time = time;
        _logger = logger;
    }

    private readonly record struct Entry(EventEnvelope Envelope, LogPosition Position, int Bytes);

    public int Capacity { get; }

    public int Count
    {
        get
        {
            lock (_lock) return Used;
        }
    }

    public bool SurvivesRestart => true;

    public QueueWriteFailure? WriteFailure => _log.WriteFailure;

    /// <summary>Where the records live (the exporter's sub-directory of queue.dir).</summary>
    public string Directory => _log.Directory;

    /// <summary>What opening found on disk: recovered records, torn tails, damaged records moved aside.</summary>
    public RecoveryReport Recovery => _log.Recovery;

    /// <summary>Stored records not yet acknowledged (queued and leased) plus reserved room.</summary>
    private int Used => (int)Math.Min(int.MaxValue / 2, _log.PendingRecords) + _reserved;

    /// <summary>Opens (recovering) the queue of exporter <paramref name="exporterId"/> under <c>queue.dir</c>.</summary>
    public static PersistentEventQueue Open(string exporterId, QueueOptions options, TimeProvider time, ILogger logger)
    {
        var log = DurableLog.Open(new DurableLogOptions
        {
            Directory = options.Dir,
            Name = exporterId,
            MaxBytes = options.MaxBytes.Bytes,
            SegmentBytes = options.SegmentSize.Bytes,
            Fsync = options.Fsync,
            FsyncInterval = options.FsyncInterval,
        }, time, logger);
        return new PersistentEventQueue(log, exporterId, options.Size, options.Policy, options.MaxBytes.Bytes, time, logger);
    }

    public bool TryReserve(int count)
    {
        lock (_lock)
        {
            if (_completed) return false;
            var used = Used;

            if (!QueueRoom.Admits(used, count, Capacity)) return false;

            // The disk bound is checked exactly by the append; refusing here already keeps a request from being
            // half-enqueued across exporters when the disk is clearly full. A request that looks too large to ever
            // fit is let through to that exact check, which refuses it for good rather than with a retry.
            var estimate = count * AverageRecordBytes;
            if (used > 0 && estimate <= _log.LargestAppendBytes && _log.BytesOnDisk + estimate > _maxBytes) return false;
            _reserved += count;
            return true;
        }
    }

    public void CancelReservation(int count)
    {
        lock (_lock) _reserved -= count;
    }

    public async ValueTask<EnqueueOutcome> EnqueueAsync(List<EventEnvelope> envelopes, bool reserved, CancellationToken cancellationToken)
    {
        var take = envelopes.Count;
        var dropped = 0;
        lock (_lock)
        {
            if (_completed)
            {
                if (reserved) _reserved -= envelopes.Count;
                return new EnqueueOutcome(envelopes.Count);
            }

            if (!reserved)
            {
                // drop_newest: what does not fit is discarded, the rest stored.
                var room = Math.Max(0, Capacity - Used);
                if (take > room) (dropped, take) = (take - room, room);
            }
        }

        if (take == 0) return new EnqueueOutcome(dropped);
        var encoded = _encoders.TryTake(out var pooled) ? pooled : new EncodedRequest();
        encoded.Encode(envelopes, 0, take);
        if (encoded.FrameBytes > _log.LargestAppendBytes)
        {
            // No drain will ever make room for it: a 429 would have the sender retry for ever.
            if (encoded.Capacity <= EncodedRequest.MaxPooledBytes) _encoders.Add(encoded);
            if (reserved) throw new QueueRequestTooLargeException(_name, encoded.FrameBytes, _maxBytes, _log.LargestAppendBytes);
            return new EnqueueOutcome(dropped + take);
        }

        var reusable = false;
        AppendOutcome outcome;
        try
        {
            outcome = await _log.AppendAsync(encoded.Records, cancellationToken).ConfigureAwait(false);
            reusable = true;
        }
        catch (IOException)
        {
            // The writer failed the whole group and let go of the buffers. After a cancellation it may still be
            // writing them, so that buffer is not pooled.
            reusable = true;
            throw;
        }
        finally
        {
            if (reusable && encoded.Capacity <= EncodedRequest.MaxPooledBytes) _encoders.Add(encoded);

            // Even a cancelled wait may have stored the records: wake the workers either way.
            Signal();
        }

        if (outcome == AppendOutcome.Unwritable)
        {
            // Whatever the policy: dropping would acknowledge events that were never stored. The client keeps them.
            throw new QueueUnwritableException(_log.WriteFailure ?? new QueueWriteFailure(_time.GetUtcNow(), "the disk refused a write", DiskFull: false));
        }

        if (outcome == AppendOutcome.Full)
        {
            if (reserved) throw new QueueFullException($"the persistent queue of exporter {_name} is at its max_bytes ({_maxBytes} bytes on disk)");
            return new EnqueueOutcome(dropped + take);
        }

        long bytes = 0;
        foreach (var record in encoded.Records) bytes += record.Length;
        Interlocked.Add(ref _appendedBytes, bytes);
        Interlocked.Add(ref _appendedRecords, take);
        if (reserved)
        {
            lock (_lock) _reserved -= envelopes.Count;
        }

        return new EnqueueOutcome(dropped);
    }

    public async ValueTask<QueueLease?> LeaseAsync(BatchLimits limits, CancellationToken cancellationToken)
    {
        var entries = new List<Entry>();
        long bytes = 0;
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
                bool completed;
                lock (_lock)
                {
                    changed = _changed.Task;
                    completed = _completed;
                    while (entries.Count < limits.MaxCount && _redelivery.First is { } first && (entries.Count == 0 || bytes + first.Value.Bytes <= limits.MaxBytes))
                    {
                        _redelivery.RemoveFirst();
                        entries.Add(first.Value);
                        bytes += first.Value.Bytes;
                    }
                }

                bytes = ReadInto(entries, bytes, limits, out var full);
                if (entries.Count > 0)
                {
                    if (lingerStarted < 0) lingerStarted = _time.GetTimestamp();
                    if (full || completed || _time.GetElapsedTime(lingerStarted) >= limits.MaxWait) return ToLease(entries);
                }
                else if (completed)
                {
                    return null;
                }

                if (lingerStarted < 0)
                {
                    await changed.WaitAsync(cancellationToken).ConfigureAwait(false);
                    continue;
                }

                // Events are waiting for the batch to fill: wake on more events or when max_wait is up, whichever is first.
                linger ??= CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                var remaining = limits.MaxWait - _time.GetElapsedTime(lingerStarted);
                if (remaining > TimeSpan.Zero) await Task.WhenAny(changed, Task.Delay(remaining, _time, linger.Token)).ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
        catch (OperationCanceledException)
        {
            // The worker is stopping: what it gathered goes back to the front for whoever leases next.
            PutBack(entries);
            throw;
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
        _log.Acknowledge(((PersistentLeasePositions)lease.Position!).Positions);
        return ValueTask.CompletedTask;
    }

    public ValueTask AbandonAsync(QueueLease lease)
    {
        var positions = (PersistentLeasePositions)lease.Position!;
        var entries = new List<Entry>(lease.Count);
        for (var i = 0; i < lease.Count; i++) entries.Add(new Entry(lease.Envelopes[i], positions.Positions[i], positions.Sizes[i]));
        PutBack(entries);
        return ValueTask.CompletedTask;
    }

    public void CompleteAdding()
    {
        lock (_lock) _completed = true;
        Signal();
    }

    /// <summary>Closes the log: records not acknowledged stay on disk for the next start.</summary>
    public ValueTask DisposeAsync() => _log.DisposeAsync();

    private long AverageRecordBytes
    {
        get
        {
            var records = Interlocked.Read(ref _appendedRecords);
            return records == 0 ? AssumedRecordBytes : (Interlocked.Read(ref _appendedBytes) / records) + 8;
        }
    }

    /// <summary>Reads records from the log into the batch until it is full or nothing is left unread.</summary>
    private long ReadInto(List<Entry> entries, long bytes, BatchLimits limits, out bool full)
    {
        full = entries.Count >= limits.MaxCount || bytes >= limits.MaxBytes;
        while (!full && _log.TryRead(out var record))
        {
            if (!TryDecode(record, out var envelope)) continue;
            var entry = new Entry(envelope, record.Position, EnvelopeSizeEstimate.Of(envelope));

            // Always at least one event, so an event larger than max_bytes still goes out (alone).
            if (entries.Count > 0 && bytes + entry.Bytes > limits.MaxBytes)
            {
                lock (_lock) _redelivery.AddFirst(entry);
                full = true;
                break;
            }

            entries.Add(entry);
            bytes += entry.Bytes;
            full = entries.Count >= limits.MaxCount || bytes >= limits.MaxBytes;
        }

        return bytes;
    }

    /// <summary>
    /// A record that passed its CRC but does not decode (e.g. written by a newer gateway) is not disk damage and
    /// will never decode: it is acknowledged and counted as dropped instead of retried forever.
    /// </summary>
    private bool TryDecode(LogRecord record, out EventEnvelope envelope)
    {
        try
        {
            envelope = EnvelopeBinaryCodec.Read(record.Payload.Span);
            return true;
        }
        catch (InvalidDataException e)
        {
            _log.Acknowledge(record.Position);
            PersistentQueueMetrics.CountUndecodable(_name);
            PersistentQueueLog.Undecodable(_logger, _name, record.Position.ToString(), e.Message);
            envelope = null!;
            return false;
        }
    }

    private static QueueLease ToLease(List<Entry> entries)
    {
        var envelopes = new EventEnvelope[entries.Count];
        var positions = new LogPosition[entries.Count];
        var sizes = new int[entries.Count];
        for (var i = 0; i < entries.Count; i++) (envelopes[i], positions[i], sizes[i]) = entries[i];
        return new QueueLease(envelopes, new PersistentLeasePositions(positions, sizes));
    }

    /// <summary>Puts events back at the front, ahead of everything not yet leased, keeping their own order.</summary>
    private void PutBack(List<Entry> entries)
    {
        if (entries.Count == 0) return;
        lock (_lock)
        {
            for (var i = entries.Count - 1; i >= 0; i--) _redelivery.AddFirst(entries[i]);
        }

        Signal();
    }

    private void Signal()
    {
        TaskCompletionSource current;
        lock (_lock)
        {
            current = _changed;
            _changed = NewSignal();
        }

        current.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
