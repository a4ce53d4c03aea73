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
/// </summary>
internal sealed class GroupCommitWriter : IAsyncDisposable
{
    /// <summary>Large enough to amortise a write and an fsync over many requests, small enough not to hold back the first appender.</summary>
    private const int GroupBytes = 1024 * 1024;

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
    private readonly ITimer? _syncTimer;
    private readonly Task _loop;
    private Segment _active = null!;
    private SafeFileHandle _handle = null!;
    private long _nextSequence;
    private bool _unsynced;
    private bool _syncScheduled;
    private long _lastSync;
    private long _fsyncCount;
    private long _appendedRecords;
    private Exception? _broken;

    public GroupCommitWriter(DurableLogOptions options, SegmentChain chain, long nextSequence, TimeProvider time, ILogger logger)
    {
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

        StartSegment();
        _loop = Task.Run(RunAsync);
    }

    public long FsyncCount => Interlocked.Read(ref _fsyncCount);

    public long AppendedRecords => Interlocked.Read(ref _appendedRecords);

    public Task<AppendOutcome> AppendAsync(IReadOnlyList<ReadOnlyMemory<byte>> records)
    {
        if (_broken is { } broken) throw new IOException($"queue {_queue} stopped accepting records after a failed write to {_directory}; restart the gateway", broken);
        long frameBytes = 0;
        for (var i = 0; i < records.Count; i++)
        {
            var length = records[i].Length;
            if (length is 0 or > SegmentFormat.MaxRecordBytes) throw new ArgumentOutOfRangeException(nameof(records), length, $"a queued record must be 1 byte to {SegmentFormat.MaxRecordBytes} bytes long");
            frameBytes += SegmentFormat.FrameLength(length);
        }

        var request = new AppendRequest(records, frameBytes);
        if (!_requests.Writer.TryWrite(request)) throw new ObjectDisposedException(nameof(DurableLog), $"queue {_queue} is closed");
        return request.Task;
    }

    public async ValueTask DisposeAsync()
    {
        _requests.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
        _syncTimer?.Dispose();
        try
        {
            // A clean stop leaves everything on the disk whatever the policy: the next start may follow a power cut.
            if (_unsynced && _broken is null) Sync();
        }
        finally
        {
            _handle.Dispose();
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
                    else Stage(request);
                }

                Commit();
                if (_policy == FsyncPolicy.Interval) SyncWhenIntervalPassed();
            }
            catch (Exception e)
            {
                // Whatever went wrong, no appender may wait forever: fail this group and refuse what follows.
                _broken ??= e;
                _group.ResetWrittenCount();
                Fail(e);
            }
        }
    }

    private void Stage(AppendRequest request)
    {
        if (_broken is { } broken)
        {
            request.TrySetException(new IOException($"queue {_queue} stopped accepting records after a failed write to {_directory}; restart the gateway", broken));
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

        try
        {
            if (rolls)
            {
                WriteStaged();
                StartSegment();
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Fail(e);
            request.TrySetException(StoreFailed(e));
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

    private void Commit()
    {
        try
        {
            WriteStaged();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Fail(e);
            return;
        }

        foreach (var member in _members) member.TrySetResult(AppendOutcome.Appended);

        _members.Clear();
    }

    /// <summary>Writes the staged frames at the end of the active segment and, per policy, syncs them; then readers may see them.</summary>
    private void WriteStaged()
    {
        if (_group.WrittenCount == 0) return;
        var at = _active.Length;
        var bytes = _group.WrittenCount;
        try
        {
            RandomAccess.Write(_handle, _group.WrittenSpan, at);
            _chain.AddWritten(_active, bytes);
            _unsynced = true;
            if (_policy == FsyncPolicy.Always) Sync();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            CutBack(at, bytes, e);
            throw;
        }

        _group.ResetWrittenCount();
        _chain.Publish(_active);
    }

    /// <summary>Removes a failed write's bytes so the segment ends with its last good frame (no garbage in the middle of the log).</summary>
    private void CutBack(long at, int bytes, Exception cause)
    {
        _group.ResetWrittenCount();
        PersistentQueueLog.WriteFailed(_logger, cause, _queue, _active.Path);
        try
        {
            RandomAccess.SetLength(_handle, at);
            if (_active.Length > at) _chain.RemoveWritten(_active, bytes);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _broken = e;
        }
    }

    private void Fail(Exception cause)
    {
        foreach (var member in _members)
        {
            Interlocked.Add(ref _appendedRecords, -member.Records.Count);
            member.TrySetException(StoreFailed(cause));
        }

        _members.Clear();
    }

    private IOException StoreFailed(Exception cause) => new($"queue {_queue} could not store the records in {_directory}: {cause.Message}", cause);

    private void StartSegment()
    {
        if (_handle is not null)
        {
            // A sealed segment is complete on disk whatever the policy but never: cheap, once per segment.
            if (_unsynced && _policy != FsyncPolicy.Never) Sync();
            _handle.Dispose();
        }

        var sequence = _nextSequence++;
        var path = Path.Combine(_directory, SegmentFormat.FileName(sequence));
        try
        {
            _handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read | FileShare.Delete);
            Span<byte> header = stackalloc byte[SegmentFormat.HeaderLength];
            SegmentFormat.WriteHeader(header);
            RandomAccess.Write(_handle, header, 0);
            _active = new Segment(sequence, path, SegmentFormat.HeaderLength);
            _unsynced = true;
            if (_policy == FsyncPolicy.Always) Sync();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Without a segment to write to there is no safe way on; recovery at the next start handles a half-made file.
            _broken = e;
            throw;
        }

        _chain.Add(_active);
    }

    private void SyncWhenIntervalPassed()
    {
        if (!_unsynced || _broken is not null) return;
        var elapsed = _time.GetElapsedTime(_lastSync);
        if (elapsed >= _fsyncInterval)
        {
            try
            {
                Sync();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Records were acknowledged after the write; the next interval tries again.
                PersistentQueueLog.WriteFailed(_logger, e, _queue, _active.Path);
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
        RandomAccess.FlushToDisk(_handle);
        Interlocked.Increment(ref _fsyncCount);
        _unsynced = false;
        _lastSync = _time.GetTimestamp();
    }
}
