using Gateway.Configuration;

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

    /// <summary>How many batches may be in flight to the destination at once.</summary>
    public int Workers { get; set; } = 1;

    public void Validate(OptionsValidationContext context)
    {
        if (Size < 1) context.Error("size", $"must be at least 1, got {Size}");
        if (Workers is < 1 or > 64) context.Error("workers", $"must be between 1 and 64, got {Workers}");
        if (MaxBytes.Bytes < 1024 * 1024) context.Error("max_bytes", $"must be at least 1MiB, got {MaxBytes}");
        if (Type == QueueType.Persistent && string.IsNullOrWhiteSpace(Dir)) context.Error("dir", "a persistent queue needs a directory, e.g. dir: ./data/queue");
    }
}
