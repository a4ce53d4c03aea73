using System.Buffers;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Win32.SafeHandles;

namespace Gateway.Queues.Persistent;

/// <summary>
/// The one writer of a log. Appenders queue their records; a single loop takes everything that has queued up
/// meanwhile (up to <see cref="GroupBytes"/>), frames it into one buffer, writes it with one call and, under
/// <see cref="FsyncPolicy.Always"/>, makes it durable with one fsync before completing every appender of the group.
/// The busier the gateway, the more requests share an fsync, so durability costs least when load is highest.
/// <para>
/// A write the disk refuses (full, or failing) is cut back off the segment and fails only its own group, with
/// <see cref="AppendOutcome.Unwritable"/>. The writer then seals its segment, so that segment can be deleted as soon
/// as its records are delivered (on a full disk that is where room comes from), refuses appends at once, and every
/// <see cref="ProbeInterval"/> (or when consumed segments were deleted) tries to start a new segment with room for a
/// request behind its header; once that works it takes appends again.
/// </para>
/// </summary>
internal sealed class GroupCommitWriter : IAsyncDisposable
{
    /// <summary>How often a log that cannot write checks whether it can again.</summary>
    public static readonly TimeSpan ProbeInterval = TimeSpan.FromSeconds(1);

    /// <summary>Large enough to amortise a write and an fsync over many requests, small enough not to hold back the first appender.</summary>
    private const int GroupBytes = 1024 * 1024;

    /// <summary>
    /// Room a probe must find behind a new segment's header (written as zeros, then cut off), so appends resume only
    /// when a typical request fits, not when a disk has room for a header alone.
    /// </summary>
    private const int ProbeBytes = 64 * 1024;

    private static readonly Task<AppendOutcome> RefusedUnwritable = Task.FromResult(AppendOutcome.Unwritable);

    private readonly Channel<AppendRequest> _requests = Channel.CreateUnbounded<AppendRequest>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ArrayBufferWriter<byte> _group = new(64 * 1024);
    private readonly List<AppendRequest> _members = [];
    private readonly SegmentChain _chain;
    private readonly string _directory;
    private readonly string _queue;
    private readonly FsyncPolicy _policy;
    private readonly TimeSpan _fsyncInterval;
    private readonly long _maxBytes;
    private readonly long _segmentBytes;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <summary>Asks the log to delete what is delivered: a segment sealed because the disk refused a write may already be.</summary>
    private readonly Action _requestCleanup;
    private readonly ITimer? _syncTimer;
    private readonly ITimer _probeTimer;
    private readonly Task _loop;

    /// <summary>The segment appends go to; null while the log cannot write (its last segment is sealed).</summary>
    private Segment? _active;
    private SafeFileHandle? _handle;
    private volatile QueueWriteFailure? _failure;
    private long _nextSequence;
    private bool _unsynced;
    private bool _syncScheduled;
    private bool _probeScheduled;
    private long _lastSync;
    private long _fsyncCount;
    private long _appendedRecords;
    private Exception? _broken;

    public GroupCommitWriter(DurableLogOptions options, SegmentChain chain, long nextSequence, TimeProvider time, ILogger logger, Action requestCleanup)
    {
        _requestCleanup = requestCleanup;
        _chain = chain;
        _directory = options.LogDirectory;
        _queue = options.Name;
        _policy = options.Fsync;
        _fsyncInterval = options.FsyncInterval;
        _maxBytes = options.MaxBytes;
        _segmentBytes = options.EffectiveSegmentBytes;
        _time = time;
        _logger = logger;
        _nextSequence = nextSequence;
        _lastSync = time.GetTimestamp();
        if (_policy == FsyncPolicy.Interval)
        {
            _syncTimer = time.CreateTimer(static state => ((GroupCommitWriter)state!)._requests.Writer.TryWrite(AppendRequest.SyncTick), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }

        _probeTimer = time.CreateTimer(static state => ((GroupCommitWriter)state!)._requests.Writer.TryWrite(AppendRequest.ProbeTick), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        try
        {
            // Probed like a recovering log, so a disk that is already full is reported (readiness) from the start,
            // not only once the first request is refused.
            StartSegment(ProbeBytes);
        }
        catch (IOException e) when (StorageErrors.IsOutOfSpace(e))
        {
            // A full disk must not keep the gateway from starting: what is on it still drains, and deleting the
            // delivered segments is what makes room. Any other error (permissions) is the operator's to fix now.
            EnterUnwritable(e);
        }
        catch
        {
            _syncTimer?.Dispose();
            _probeTimer.Dispose();
            throw;
        }

        _loop = Task.Run(RunAsync);
    }

    public long FsyncCount => Interlocked.Read(ref _fsyncCount);

    public long AppendedRecords => Interlocked.Read(ref _appendedRecords);

    /// <summary>Null while appends are taken; otherwise why they are refused, since when.</summary>
    public QueueWriteFailure? Failure => _failure;

    public Task<AppendOutcome> AppendAsync(IReadOnlyList<ReadOnlyMemory<byte>> records)
    {
        if (_broken is { } broken) throw new IOException($"queue {_queue} stopped accepting records after a failure in its writer; restart the gateway", broken);
        long frameBytes = 0;
        for (var i = 0; i < records.Count; i++)
        {
            var length = records[i].Length;
            if (length is 0 or > SegmentFormat.MaxRecordBytes) throw new ArgumentOutOfRangeException(nameof(records), length, $"a queued record must be 1 byte to {SegmentFormat.MaxRecordBytes} bytes long");
            frameBytes += SegmentFormat.FrameLength(length);
        }

        // Refused at the door: trying the disk again per request would only make every client wait for the error.
        if (_failure is not null) return RefusedUnwritable;
        var request = new AppendRequest(records, frameBytes);
        if (!_requests.Writer.TryWrite(request)) throw new ObjectDisposedException(nameof(DurableLog), $"queue {_queue} is closed");
        return request.Task;
    }

    /// <summary>Consumed segments were deleted: if the log cannot write, it checks at once whether it can now.</summary>
    public void RetrySoon()
    {
        if (_failure is not null) _requests.Writer.TryWrite(AppendRequest.ProbeTick);
    }

    public async ValueTask DisposeAsync()
    {
        _requests.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
        _syncTimer?.Dispose();
        _probeTimer.Dispose();
        try
        {
            // A clean stop leaves everything on the disk whatever the policy: the next start may follow a power cut.
            if (_unsynced && _broken is null && _handle is not null) Sync();
        }
        catch (Exception e) when (StorageErrors.IsStorageError(e))
        {
            PersistentQueueLog.SyncFailed(_logger, e, _queue, _active!.Path);
        }
        finally
        {
            _handle?.Dispose();
        }
    }

    private async Task RunAsync()
    {
        var reader = _requests.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            try
            {
                while (_group.WrittenCount < GroupBytes && reader.TryRead(out var request))
                {
                    if (request == AppendRequest.SyncTick) _syncScheduled = false;
                    else if (request == AppendRequest.ProbeTick) Probe();
                    else Stage(request);
                }

                TryWriteGroup();
                if (_policy == FsyncPolicy.Interval) SyncWhenIntervalPassed();
            }
            catch (Exception e)
            {
                // A bug, not the disk: no appender may wait forever, so fail this group and refuse what follows.
                _broken ??= e;
                _group.ResetWrittenCount();
                foreach (var member in _members)
                {
                    Interlocked.Add(ref _appendedRecords, -member.Records.Count);
                    member.TrySetException(new IOException($"queue {_queue} could not store the records in {_directory}: {e.Message}", e));
                }

                _members.Clear();
            }
        }
    }

    private void Stage(AppendRequest request)
    {
        if (_broken is { } broken)
        {
            request.TrySetException(new IOException($"queue {_queue} stopped accepting records after a failure in its writer; restart the gateway", broken));
            return;
        }

        if (_failure is not null || _active is null)
        {
            request.TrySetResult(AppendOutcome.Unwritable);
            return;
        }

        var staged = _active.Length + _group.WrittenCount;
        var rolls = staged > SegmentFormat.HeaderLength && staged + request.FrameBytes > _segmentBytes;
        var needed = request.FrameBytes + (rolls ? SegmentFormat.HeaderLength : 0);
        if (_chain.BytesOnDisk + _group.WrittenCount + needed > _maxBytes)
        {
            request.TrySetResult(AppendOutcome.Full);
            return;
        }

        if (rolls && !TryRoll())
        {
            request.TrySetResult(AppendOutcome.Unwritable);
            return;
        }

        var records = request.Records;
        for (var i = 0; i < records.Count; i++)
        {
            var frameLength = SegmentFormat.FrameLength(records[i].Length);
            SegmentFormat.WriteFrame(_group.GetSpan(frameLength), records[i].Span);
            _group.Advance(frameLength);
        }

        // Counted before the write is published, so a reader that acknowledges at once never drives the count below zero.
        Interlocked.Add(ref _appendedRecords, records.Count);
        _members.Add(request);
    }

    /// <summary>Writes what is staged for the full segment, then starts the next one.</summary>
    private bool TryRoll()
    {
        if (!TryWriteGroup()) return false;
        try
        {
            StartSegment(probeBytes: 0);
            return true;
        }
        catch (Exception e) when (StorageErrors.IsStorageError(e))
        {
            EnterUnwritable(e);
            return false;
        }
    }

    /// <summary>Writes the staged group and completes its appenders: stored, or (the disk refused) not stored at all.</summary>
    private bool TryWriteGroup()
    {
        try
        {
            WriteStaged();
        }
        catch (Exception e) when (StorageErrors.IsStorageError(e))
        {
            // The failure is recorded before any appender learns of it: an appender told Unwritable reads it at once
            // to tell its client why (disk full or another write error).
            EnterUnwritable(e);
            foreach (var member in _members)
            {
                Interlocked.Add(ref _appendedRecords, -member.Records.Count);
                member.TrySetResult(AppendOutcome.Unwritable);
            }

            _members.Clear();
            return false;
        }

        foreach (var member in _members) member.TrySetResult(AppendOutcome.Appended);
        _members.Clear();
        return true;
    }

    /// <summary>Writes the staged frames at the end of the active segment and, per policy, syncs them; then readers may see them.</summary>
    private void WriteStaged()
    {
        if (_group.WrittenCount == 0) return;
        var active = _active!;
        var at = active.Length;
        var bytes = _group.WrittenCount;
        try
        {
            RandomAccess.Write(_handle!, _group.WrittenSpan, at);
            _chain.AddWritten(active, bytes);
            _unsynced = true;
            if (_policy == FsyncPolicy.Always) Sync();
        }
        catch (Exception e) when (StorageErrors.IsStorageError(e))
        {
            CutBack(active, at, e);
            throw;
        }

        _group.ResetWrittenCount();
        _chain.Publish(active);
    }

    /// <summary>
    /// Removes a failed write's bytes (a full disk takes part of a write before refusing the rest), so the segment ends
    /// with its last good frame. Should even that fail, the segment is sealed at its last good frame anyway: readers
    /// never look past it and nothing is appended after it; only a restart's scan would meet those bytes, and they are
    /// whole records of a request its client was told to send again (a duplicate, never a loss) or a torn tail.
    /// </summary>
    private void CutBack(Segment active, long at, Exception cause)
    {
        _group.ResetWrittenCount();
        PersistentQueueLog.WriteFailed(_logger, cause, _queue, active.Path);
        if (active.Length > at) _chain.RemoveWritten(active, active.Length - at);
        try
        {
            RandomAccess.SetLength(_handle!, at);
        }
        catch (Exception e) when (StorageErrors.IsStorageError(e))
        {
            PersistentQueueLog.CutBackFailed(_logger, e, _queue, active.Path, at);
        }
    }

    /// <summary>
    /// Stops taking appends: the active segment is sealed (so it is deleted as soon as it is delivered, which on a full
    /// disk is where room comes from) and a probe is scheduled.
    /// </summary>
    private void EnterUnwritable(Exception cause)
    {
        var first = _failure is null;
        _failure = new QueueWriteFailure(_failure?.Since ?? _time.GetUtcNow(), cause.Message, StorageErrors.IsOutOfSpace(cause));
        if (first) PersistentQueueLog.Unwritable(_logger, cause, _queue, _directory, ProbeInterval);
        SealActive();
        _requestCleanup();
        ScheduleProbe();
    }

    /// <summary>While appends are refused: tries to start a segment with room behind its header, and takes appends again once that works.</summary>
    private void Probe()
    {
        _probeScheduled = false;
        if (_failure is not { } failure || _handle is not null || _group.WrittenCount > 0) return;
        try
        {
            StartSegment(ProbeBytes);
        }
        catch (Exception e) when (StorageErrors.IsStorageError(e))
        {
            _failure = failure with { Reason = e.Message, DiskFull = StorageErrors.IsOutOfSpace(e) };
            ScheduleProbe();
            return;
        }

        _failure = null;
        var refusedFor = _time.GetUtcNow() - failure.Since;
        PersistentQueueLog.Writable(_logger, _queue, refusedFor);
    }

    private void ScheduleProbe()
    {
        if (_probeScheduled) return;
        _probeScheduled = true;
        _probeTimer.Change(ProbeInterval, Timeout.InfiniteTimeSpan);
    }

    /// <summary>
    /// Creates the next segment and makes it the one appends go to; the previous one is sealed only once the new one
    /// exists. With <paramref name="probeBytes"/>, that much room behind the header must be writable too.
    /// </summary>
    private void StartSegment(int probeBytes)
    {
        // A number a failed attempt used is skipped: its file may not have been removed.
        var sequence = _nextSequence++;
        var path = Path.Combine(_directory, SegmentFormat.FileName(sequence));
        SafeFileHandle? handle = null;
        try
        {
            handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read | FileShare.Delete);
            Span<byte> header = stackalloc byte[SegmentFormat.HeaderLength];
            SegmentFormat.WriteHeader(header);
            RandomAccess.Write(handle, header, 0);
            if (probeBytes > 0)
            {
                // Cut off again at once; a crash in between leaves zeros at the end, which recovery cuts off as a torn tail.
                RandomAccess.Write(handle, new byte[probeBytes], SegmentFormat.HeaderLength);
                RandomAccess.SetLength(handle, SegmentFormat.HeaderLength);
            }

            if (_policy == FsyncPolicy.Always) Flush(handle);
        }
        catch (Exception e) when (StorageErrors.IsStorageError(e))
        {
            handle?.Dispose();
            TryDelete(path);
            throw;
        }

        SealActive();
        _handle = handle;
        _active = new Segment(sequence, path, SegmentFormat.HeaderLength);
        _unsynced = _policy != FsyncPolicy.Always;
        _chain.Add(_active);
    }

    /// <summary>Closes the active segment for appends; a sealed segment is deleted once all of it is acknowledged.</summary>
    private void SealActive()
    {
        if (_handle is null) return;
        var active = _active!;
        try
        {
            // A sealed segment is complete on disk whatever the policy but never: cheap, once per segment.
            if (_unsynced && _policy != FsyncPolicy.Never) Sync();
        }
        catch (Exception e) when (StorageErrors.IsStorageError(e))
        {
            PersistentQueueLog.SyncFailed(_logger, e, _queue, active.Path);
        }

        _unsynced = false;
        _handle.Dispose();
        _handle = null;
        _active = null;
        _chain.Seal(active);
    }

    private void SyncWhenIntervalPassed()
    {
        if (!_unsynced || _broken is not null || _handle is null) return;
        var elapsed = _time.GetElapsedTime(_lastSync);
        if (elapsed >= _fsyncInterval)
        {
            try
            {
                Sync();
            }
            catch (Exception e) when (StorageErrors.IsStorageError(e))
            {
                // The records were acknowledged after their write; they are in the page cache, and a disk that
                // cannot flush them should not be given more: stop taking appends until a probe succeeds.
                PersistentQueueLog.SyncFailed(_logger, e, _queue, _active!.Path);
                EnterUnwritable(e);
            }
        }
        else if (!_syncScheduled)
        {
            _syncScheduled = true;
            _syncTimer!.Change(_fsyncInterval - elapsed, Timeout.InfiniteTimeSpan);
        }
    }

    private void Sync()
    {
        Flush(_handle!);
        _unsynced = false;
    }

    private void Flush(SafeFileHandle handle)
    {
        RandomAccess.FlushToDisk(handle);
        Interlocked.Increment(ref _fsyncCount);
        _lastSync = _time.GetTimestamp();
    }

    private void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (StorageErrors.IsStorageError(e))
        {
            // It holds no record: a header at most, which the next start's recovery removes.
        }
    }
}
