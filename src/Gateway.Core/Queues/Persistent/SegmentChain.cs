namespace Gateway.Queues.Persistent;

/// <summary>
/// The ordered segments of one log and the byte count they hold on disk: shared by the single writer (which adds
/// segments and publishes appended bytes), the readers (which wait for them) and the cleanup (which drops consumed ones).
/// </summary>
internal sealed class SegmentChain
{
    private readonly Lock _lock = new();
    private readonly List<Segment> _segments;
    private TaskCompletionSource<bool>? _dataWaiter;
    private long _bytesOnDisk;
    private bool _closed;

    public SegmentChain(List<Segment> recovered)
    {
        _segments = recovered;
        foreach (var segment in recovered) _bytesOnDisk += segment.Length;
    }

    public long BytesOnDisk => Volatile.Read(ref _bytesOnDisk);

    public int Count
    {
        get
        {
            lock (_lock) return _segments.Count;
        }
    }

    public Segment? First
    {
        get
        {
            lock (_lock) return _segments.Count > 0 ? _segments[0] : null;
        }
    }

    /// <summary>Seals the current last segment (if any) and makes <paramref name="next"/> the one appends go to.</summary>
    public void Add(Segment next)
    {
        lock (_lock)
        {
            if (_segments.Count > 0) _segments[^1].Sealed = true;
            _segments.Add(next);
            _bytesOnDisk += next.Length;
        }

        Signal();
    }

    /// <summary>No more appends to <paramref name="segment"/> (the disk refused one): readers finish it and it can be deleted once consumed.</summary>
    public void Seal(Segment segment)
    {
        lock (_lock) segment.Sealed = true;
        Signal();
    }

    public void AddWritten(Segment segment, long bytes)
    {
        lock (_lock)
        {
            segment.Length += bytes;
            _bytesOnDisk += bytes;
        }
    }

    /// <summary>Undoes <see cref="AddWritten"/> after a failed write was cut back off the file.</summary>
    public void RemoveWritten(Segment segment, long bytes) => AddWritten(segment, -bytes);

    /// <summary>Lets readers see the segment up to its written length.</summary>
    public void Publish(Segment segment)
    {
        lock (_lock) segment.VisibleLength = segment.Length;
        Signal();
    }

    /// <summary>The segment after <paramref name="segment"/>, also when that one was already consumed and dropped from the chain.</summary>
    public Segment? Next(Segment segment)
    {
        lock (_lock)
        {
            foreach (var candidate in _segments)
            {
                if (candidate.Sequence > segment.Sequence) return candidate;
            }

            return null;
        }
    }

    /// <summary>Reads a segment's visible extent and whether it is sealed in one consistent step.</summary>
    public (long VisibleLength, bool Sealed) Extent(Segment segment)
    {
        lock (_lock) return (segment.VisibleLength, segment.Sealed);
    }

    public void AddCorrupt(Segment segment, CorruptRange range)
    {
        lock (_lock) segment.Corrupt.Add(range);
    }

    /// <summary>The damaged range covering <paramref name="offset"/>, if any.</summary>
    public CorruptRange? CorruptAt(Segment segment, long offset)
    {
        lock (_lock)
        {
            foreach (var range in segment.Corrupt)
            {
                if (range.Offset <= offset && offset < range.End) return range;
            }

            return null;
        }
    }

    /// <summary>Takes every segment the watermark has passed out of the chain; the caller deletes their files.</summary>
    public List<Segment> RemoveConsumed(LogPosition watermark)
    {
        var removed = new List<Segment>();
        lock (_lock)
        {
            while (_segments.Count > 0 && _segments[0].IsConsumedBy(watermark))
            {
                removed.Add(_segments[0]);
                _bytesOnDisk -= _segments[0].Length;
                _segments.RemoveAt(0);
            }
        }

        return removed;
    }

    /// <summary>A task that completes when something is appended or the log closes; check for data again after it.</summary>
    public Task<bool> WhenChanged()
    {
        lock (_lock)
        {
            if (_closed) return Task.FromResult(false);
            return (_dataWaiter ??= new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
        }
    }

    public void Close()
    {
        TaskCompletionSource<bool>? waiter;
        lock (_lock)
        {
            _closed = true;
            waiter = _dataWaiter;
            _dataWaiter = null;
        }

        waiter?.TrySetResult(false);
    }

    private void Signal()
    {
        TaskCompletionSource<bool>? waiter;
        lock (_lock)
        {
            waiter = _dataWaiter;
            _dataWaiter = null;
        }

        waiter?.TrySetResult(true);
    }
}
