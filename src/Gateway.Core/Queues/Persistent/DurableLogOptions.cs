namespace Gateway.Queues.Persistent;

/// <summary>Where and how a <see cref="DurableLog"/> keeps its records.</summary>
public sealed class DurableLogOptions
{
    public const long DefaultSegmentBytes = 16L * 1024 * 1024;

    /// <summary>The queue root (<c>queue.dir</c>); the log lives in a sub-directory named after <see cref="Name"/>.</summary>
    public required string Directory { get; init; }

    /// <summary>The exporter id (e.g. <c>elasticsearch/main</c>): names the sub-directory, log lines and the metric tag.</summary>
    public required string Name { get; init; }

    /// <summary>Bound on all segment files together; an append that would pass it is refused with <see cref="AppendOutcome.Full"/>.</summary>
    public long MaxBytes { get; init; } = 1024L * 1024 * 1024;

    /// <summary>A segment is closed and a new one started past this size; a segment is deleted once all its records are acknowledged.</summary>
    public long SegmentBytes { get; init; } = DefaultSegmentBytes;

    public FsyncPolicy Fsync { get; init; } = FsyncPolicy.Always;

    /// <summary>With <see cref="FsyncPolicy.Interval"/>: the longest time written records stay un-synced.</summary>
    public TimeSpan FsyncInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Segments are capped at an eighth of <see cref="MaxBytes"/>: the segment being written cannot be deleted, so this
    /// bounds the space an acknowledged but still open segment holds back from new appends.
    /// </summary>
    internal long EffectiveSegmentBytes => Math.Max(SegmentFormat.HeaderLength + 1024, Math.Min(SegmentBytes, MaxBytes / 8));

    internal string LogDirectory => Path.Combine(Directory, QueueDirectoryName.For(Name));

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(Directory)) throw new ArgumentException("a persistent queue needs a directory, e.g. dir: ./data/queue", nameof(Directory));
        if (string.IsNullOrWhiteSpace(Name)) throw new ArgumentException("a persistent queue needs the exporter id as its name", nameof(Name));
        if (MaxBytes < 64 * 1024) throw new ArgumentOutOfRangeException(nameof(MaxBytes), MaxBytes, "max_bytes must be at least 64KiB");
        if (SegmentBytes is < 4096 or > 1024L * 1024 * 1024) throw new ArgumentOutOfRangeException(nameof(SegmentBytes), SegmentBytes, "segment size must be between 4KiB and 1GiB, e.g. 16MiB");
        if (Fsync == FsyncPolicy.Interval && FsyncInterval <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(FsyncInterval), FsyncInterval, "fsync_interval must be positive, e.g. 1s");
    }
}
