using System.Threading.Channels;
using Gateway.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Queues.Persistent;

/// <summary>
/// The storage engine of a persistent queue: an append-only log in segment files that survives a crash of the
/// gateway (and, with <see cref="FsyncPolicy.Always"/>, of the machine).
/// <list type="bullet">
/// <item><see cref="AppendAsync(IReadOnlyList{ReadOnlyMemory{byte}}, CancellationToken)"/> completes once the records are stored (group commit); acknowledge the sender only then.</item>
/// <item><see cref="WaitToReadAsync"/> / <see cref="TryRead"/> hand out records in order, to any number of workers.</item>
/// <item><see cref="Acknowledge(LogPosition)"/> once the destination confirmed a record, in any order; a segment is
/// deleted when all of it is acknowledged. Whatever is not acknowledged at a stop or crash is delivered again after
/// the next <see cref="Open"/> (at-least-once).</item>
/// <item>A disk that is full (or refuses writes) fails only the appends it refused, with <see cref="AppendOutcome.Unwritable"/>;
/// <see cref="WriteFailure"/> says why until the log finds room again by itself. Reading, acknowledging and deleting
/// delivered segments carry on meanwhile, and opening works on a full disk.</item>
/// </list>
/// </summary>
public sealed class DurableLog : IAsyncDisposable
{
    /// <summary>Acknowledgements arrive per batch, many a second; one checkpoint per spacing is plenty, as a lost one only means redelivery.</summary>
    private static readonly TimeSpan CheckpointSpacing = TimeSpan.FromMilliseconds(50);

    /// <summary>A checkpoint that cannot be written fails at every acknowledgement: one log line per interval says so.</summary>
    private static readonly TimeSpan CheckpointFailureReportInterval = TimeSpan.FromMinutes(1);

    private readonly Lock _consumerLock = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly InFlightWindow _inFlight = new();
    private readonly Channel<bool> _cleanupRequests;
    private readonly string _name;
    private readonly SegmentChain _chain;
    private readonly GroupCommitWriter _writer;
    private readonly SegmentReader _reader;
    private readonly CheckpointFile _checkpoint;
    private readonly FileStream _directoryLock;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Task _cleanupLoop;
    private readonly LogThrottle _checkpointFailures;

    /// <summary>Segments taken out of the chain whose files could not be deleted yet (only the cleanup touches it).</summary>
    private readonly List<Segment> _undeleted = [];
    private readonly long _recoveredRecords;
    private LogPosition _checkpointed;
    private long _acknowledged;
    private bool _closed;
    private int _disposed;

    private DurableLog(DurableLogOptions options, string directory, FileStream directoryLock, RecoveredLog recovered, SegmentChain chain, GroupCommitWriter writer,
        Channel<bool> cleanupRequests, CheckpointFile checkpoint, CorruptRecordQuarantine quarantine, TimeProvider time, ILogger logger)
    {
        _cleanupRequests = cleanupRequests;
        _time = time;
        _name = options.Name;
        Directory = directory;
        _directoryLock = directoryLock;
        Recovery = recovered.Report;
        _recoveredRecords = recovered.Report.PendingRecords;
        _chain = chain;
        _writer = writer;
        _checkpoint = checkpoint;
        _logger = logger;
        _checkpointFailures = new LogThrottle(CheckpointFailureReportInterval, time);

        // No segment at all when the log opened on a full disk with nothing left to deliver: reading starts with the first one made.
        var start = recovered.StartSegment ?? chain.First;
        _reader = new SegmentReader(chain, start, recovered.StartSegment is null ? SegmentFormat.HeaderLength : recovered.StartOffset, quarantine);
        _checkpointed = _reader.Position;
        LargestAppendBytes = options.MaxBytes - options.EffectiveSegmentBytes - SegmentFormat.HeaderLength;
        _cleanupLoop = Task.Run(CleanUpAsync);
    }

    /// <summary>The log's own directory: <c>&lt;dir&gt;/&lt;exporter id, percent-encoded&gt;</c>.</summary>
    public string Directory { get; }

    /// <summary>What opening found: pending records, torn tails cut off, damaged records moved aside.</summary>
    public RecoveryReport Recovery { get; }

    /// <summary>Size of all segment files: what <see cref="DurableLogOptions.MaxBytes"/> bounds.</summary>
    public long BytesOnDisk => _chain.BytesOnDisk;

    /// <summary>
    /// The most one append can store, even into a log whose records are all acknowledged: the segment being written
    /// is never deleted (it may be up to the effective segment size) and the append may have to start a new one.
    /// </summary>
    public long LargestAppendBytes { get; }

    /// <summary>Records stored and not yet acknowledged (including those handed to a reader).</summary>
    public long PendingRecords => _recoveredRecords + _writer.AppendedRecords - Interlocked.Read(ref _acknowledged) - CorruptSkipped;

    public int SegmentCount => _chain.Count;

    /// <summary>Fsyncs issued so far: with group commit, far fewer than appends under load.</summary>
    public long FsyncCount => _writer.FsyncCount;

    /// <summary>Null while appends are stored; otherwise why they are refused (disk full, write error) and since when.</summary>
    public QueueWriteFailure? WriteFailure => _writer.Failure;

    private long CorruptSkipped
    {
        get
        {
            lock (_consumerLock) return _reader.CorruptSkipped;
        }
    }

    /// <summary>Opens (creating if needed) the log of one exporter, recovering whatever a previous run left.</summary>
    /// <exception cref="IOException">The directory cannot be created or another process (or another exporter with the same id) uses it.</exception>
    public static DurableLog Open(DurableLogOptions options, TimeProvider? time = null, ILogger? logger = null)
    {
        options.Validate();
        logger ??= NullLogger.Instance;
        var directory = Path.GetFullPath(options.LogDirectory);
        System.IO.Directory.CreateDirectory(directory);
        var directoryLock = LockDirectory(directory);
        try
        {
            var checkpoint = new CheckpointFile(directory);
            var quarantine = new CorruptRecordQuarantine(directory, options.Name, logger);
            var recovered = SegmentRecovery.Recover(directory, options.Name, checkpoint, quarantine, logger);
            var chain = new SegmentChain(recovered.Segments);
            time ??= TimeProvider.System;
            var cleanupRequests = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
            var writer = new GroupCommitWriter(options, chain, recovered.NextSequence, time, logger, () => cleanupRequests.Writer.TryWrite(true));
            PersistentQueueLog.Recovered(logger, options.Name, recovered.Report.PendingRecords, recovered.Report.Segments, directory);
            return new DurableLog(options, directory, directoryLock, recovered, chain, writer, cleanupRequests, checkpoint, quarantine, time, logger);
        }
        catch
        {
            directoryLock.Dispose();
            throw;
        }
    }

    /// <summary>Stores one record; see <see cref="AppendAsync(IReadOnlyList{ReadOnlyMemory{byte}}, CancellationToken)"/>.</summary>
    public Task<AppendOutcome> AppendAsync(ReadOnlyMemory<byte> record, CancellationToken cancellationToken = default) => AppendAsync([record], cancellationToken);

    /// <summary>
    /// Stores the records together: all of them, or with <see cref="AppendOutcome.Full"/> or <see cref="AppendOutcome.Unwritable"/> none. The task completes when
    /// they are as durable as the fsync policy promises; cancelling only stops the wait (the records may still be stored).
    /// The buffers must stay unchanged until the task completes.
    /// </summary>
    public Task<AppendOutcome> AppendAsync(IReadOnlyList<ReadOnlyMemory<byte>> records, CancellationToken cancellationToken = default)
    {
        if (records.Count == 0) return Task.FromResult(AppendOutcome.Appended);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return _writer.AppendAsync(records).WaitAsync(cancellationToken);
    }

    /// <summary>Waits until a record may be read; false once the log is closed.</summary>
    public async ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            // Take the change signal before looking, so an append published in between still wakes us.
            var changed = _chain.WhenChanged();
            lock (_consumerLock)
            {
                if (_closed) return false;
                if (_reader.HasUnread()) return true;
            }

            if (!await changed.WaitAsync(cancellationToken).ConfigureAwait(false)) return false;
        }
    }

    /// <summary>The next record in log order, if one is stored; it stays pending until acknowledged.</summary>
    public bool TryRead(out LogRecord record)
    {
        lock (_consumerLock)
        {
            if (_closed || !_reader.TryRead(out record))
            {
                record = default;
                return false;
            }

            _inFlight.Add(record.Position);
            return true;
        }
    }

    /// <summary>The destination confirmed this record: it is never delivered again. False if it was not pending.</summary>
    public bool Acknowledge(LogPosition position) => Acknowledge([position]) == 1;

    /// <summary>Acknowledges several records at once (one lock for a whole batch); returns how many were pending.</summary>
    public int Acknowledge(ReadOnlySpan<LogPosition> positions)
    {
        var count = 0;
        bool watermarkMoved;
        lock (_consumerLock)
        {
            var before = _inFlight.Count > 0 ? _inFlight.Oldest : default;
            foreach (var position in positions)
            {
                if (_inFlight.Acknowledge(position)) count++;
            }

            watermarkMoved = count > 0 && (_inFlight.Count == 0 || _inFlight.Oldest != before);
        }

        Interlocked.Add(ref _acknowledged, count);
        if (watermarkMoved) _cleanupRequests.Writer.TryWrite(true);
        return count;
    }

    /// <summary>Stores what is being appended, records the acknowledged watermark and closes; pending records stay on disk.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        try
        {
            await _writer.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            lock (_consumerLock) _closed = true;
            _chain.Close();
            await _stopping.CancelAsync().ConfigureAwait(false);
            await _cleanupLoop.ConfigureAwait(false);
            _stopping.Dispose();
            CleanUp();
            _reader.Dispose();
            if (PendingRecords > 0) PersistentQueueLog.ClosedWithPending(_logger, _name, PendingRecords, Directory);
            await _directoryLock.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task CleanUpAsync()
    {
        try
        {
            while (await _cleanupRequests.Reader.WaitToReadAsync(_stopping.Token).ConfigureAwait(false))
            {
                _cleanupRequests.Reader.TryRead(out _);
                CleanUp();
                await Task.Delay(CheckpointSpacing, _time, _stopping.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // Closing: DisposeAsync writes the final checkpoint itself.
        }
    }

    /// <summary>
    /// Deletes the segments entirely before the watermark (the oldest record still pending), then records the
    /// watermark in the checkpoint.
    /// <para>
    /// Deleting comes first because on a full disk the checkpoint cannot be written until room is made, and the
    /// deleted segments are that room. It is safe in this order: a deleted segment holds only acknowledged records,
    /// so none is lost; if the gateway dies before the new checkpoint is written, the next start reads the previous
    /// one, whose segment (or an earlier one) is gone, and recovery then delivers the remaining segments from their
    /// first record: records acknowledged since the previous checkpoint are delivered again (at-least-once, as after
    /// any crash), never skipped, because a checkpoint only ever names a position at or before the true watermark.
    /// </para>
    /// </summary>
    private void CleanUp()
    {
        LogPosition watermark;
        lock (_consumerLock) watermark = _inFlight.Count > 0 ? _inFlight.Oldest : _reader.Position;
        var removed = _chain.RemoveConsumed(watermark);
        if (removed.Count > 0)
        {
            // The reader may still hold the last removed segment open; its blocks are freed only once nobody does.
            lock (_consumerLock) _reader.Release(removed);
            _undeleted.AddRange(removed);
        }

        if (DeleteRemoved() > 0) _writer.RetrySoon();
        if (watermark == _checkpointed) return;
        try
        {
            _checkpoint.Write(watermark);
            _checkpointed = watermark;
        }
        catch (Exception e) when (StorageErrors.IsStorageError(e))
        {
            if (_checkpointFailures.TryReport(1, out var failures)) PersistentQueueLog.CheckpointFailed(_logger, e, _name, failures);
        }
    }

    /// <summary>Deletes the files of the segments taken out of the chain; returns how many went.</summary>
    private int DeleteRemoved()
    {
        var deleted = 0;
        for (var i = 0; i < _undeleted.Count; i++)
        {
            try
            {
                File.Delete(_undeleted[i].Path);
                deleted++;
                _undeleted.RemoveAt(i--);
            }
            catch (Exception e) when (StorageErrors.IsStorageError(e))
            {
                PersistentQueueLog.DeleteFailed(_logger, e, _name, _undeleted[i].Path);
            }
        }

        return deleted;
    }

    private static FileStream LockDirectory(string directory)
    {
        var path = Path.Combine(directory, "lock");
        try
        {
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            throw new IOException($"queue directory {directory} is in use by another gateway process, or by a second exporter with the same id; give each gateway its own queue dir", e);
        }
    }
}
