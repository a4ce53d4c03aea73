using Gateway.Configuration;

namespace Gateway.Exporters;

/// <summary>The <c>batch:</c> block of an exporter: a batch is sent when any bound is reached.</summary>
public sealed class BatchOptions : IValidatableOptions
{
    public int MaxSize { get; set; } = 1000;

    /// <summary>Approximate encoded size bound (envelope JSON size), before compression.</summary>
    public ByteSize MaxBytes { get; set; } = new(5_000_000);

    public TimeSpan MaxWait { get; set; } = TimeSpan.FromMilliseconds(200);

    public void Validate(OptionsValidationContext context)
    {
        if (MaxSize < 1) context.Error("max_size", $"must be at least 1, got {MaxSize}");
        if (MaxBytes.Bytes < 1024) context.Error("max_bytes", $"must be at least 1KiB, got {MaxBytes}");
        if (MaxWait < TimeSpan.Zero || MaxWait > TimeSpan.FromMinutes(10)) context.Error("max_wait", $"must be between 0s and 10m, got {MaxWait}");
    }
}
