using Gateway.Exporters;

namespace Gateway.Queues;

/// <summary>When a leased batch is complete: whichever of count, approximate bytes and wait is reached first.</summary>
public readonly record struct BatchLimits(int MaxCount, long MaxBytes, TimeSpan MaxWait)
{
    public static BatchLimits From(BatchOptions options) => new(options.MaxSize, options.MaxBytes.Bytes, options.MaxWait);
}
