using Gateway.Configuration;
using Gateway.Queues.Persistent;

namespace Gateway.Queues;

/// <summary>The <c>queue:</c> block of an exporter.</summary>
public sealed class QueueOptions : IValidatableOptions
{
    public QueueType Type { get; set; } = QueueType.Memory;

    /// <summary>How many events the queue holds before its policy applies.</summary>
    public int Size { get; set; } = 10_000;

    public QueueFullPolicy Policy { get; set; } = QueueFullPolicy.Block;

    /// <summary>Directory of a persistent queue; each exporter gets a sub-directory named after its id.</summary>
    public string Dir { get; set; } = "./data/queue";

    /// <summary>Disk bound of a persistent queue.</summary>
    public ByteSize MaxBytes { get; set; } = new(1024L * 1024 * 1024);

    /// <summary>
    /// When a persistent queue forces appended events onto the disk before the sender is acknowledged:
    /// always survives a power loss, interval and never survive a crash of the gateway but not of the machine
    /// (docs/durability.md has the trade-off).
    /// </summary>
    public FsyncPolicy Fsync { get; set; } = FsyncPolicy.Always;

    /// <summary>With <c>fsync: interval</c>: the longest time acknowledged events stay only in the OS page cache.</summary>
    public TimeSpan FsyncInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Size at which a persistent queue starts a new segment file (a segment is deleted once all of it is delivered).</summary>
    public ByteSize SegmentSize { get; set; } = new(DurableLogOptions.DefaultSegmentBytes);

    /// <summary>How many batches may be in flight to the destination at once.</summary>
    public int Workers { get; set; } = 1;

    public void Validate(OptionsValidationContext context)
    {
        if (Size < 1) context.Error("size", $"must be at least 1, got {Size}");
        if (Workers is < 1 or > 64) context.Error("workers", $"must be between 1 and 64, got {Workers}");
        if (MaxBytes.Bytes < 1024 * 1024) context.Error("max_bytes", $"must be at least 1MiB, got {MaxBytes}");
        if (Type != QueueType.Persistent) return;
        if (string.IsNullOrWhiteSpace(Dir)) context.Error("dir", "a persistent queue needs a directory, e.g. dir: ./data/queue");
        if (Policy == QueueFullPolicy.DropOldest)
        {
            context.Error("policy", "a persistent queue cannot drop_oldest (that would discard events already acknowledged to their senders); use block (the default) or drop_newest");
        }

        if (Fsync == FsyncPolicy.Interval && FsyncInterval <= TimeSpan.Zero) context.Error("fsync_interval", $"must be positive with fsync: interval, e.g. 1s; got {FsyncInterval}");
        if (SegmentSize.Bytes is < 64 * 1024 or > 1024L * 1024 * 1024) context.Error("segment_size", $"must be between 64KiB and 1GiB, e.g. 16MiB; got {SegmentSize}");
    }
}
