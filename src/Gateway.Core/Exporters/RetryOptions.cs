using Gateway.Configuration;

namespace Gateway.Exporters;

/// <summary>The <c>retry:</c> block of an exporter: exponential backoff with jitter, as the collector's exporter helper.</summary>
public sealed class RetryOptions : IValidatableOptions
{
    public bool Enabled { get; set; } = true;

    public TimeSpan InitialInterval { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxInterval { get; set; } = TimeSpan.FromSeconds(30);

    public double Multiplier { get; set; } = 2;

    /// <summary>Each delay is drawn from delay * (1 ± jitter).</summary>
    public double Jitter { get; set; } = 0.5;

    /// <summary>Give up (dead-letter) after this long; 0 means never, the default for storage exporters.</summary>
    public TimeSpan MaxElapsedTime { get; set; } = TimeSpan.Zero;

    public void Validate(OptionsValidationContext context)
    {
        if (InitialInterval <= TimeSpan.Zero) context.Error("initial_interval", "must be positive, e.g. 1s");
        if (MaxInterval < InitialInterval) context.Error("max_interval", "must be at least initial_interval");
        if (Multiplier < 1) context.Error("multiplier", $"must be 1 or more, got {Multiplier}");
        if (Jitter is < 0 or > 1) context.Error("jitter", $"must be between 0 and 1, got {Jitter}");
        if (MaxElapsedTime < TimeSpan.Zero) context.Error("max_elapsed_time", "must be 0 (never give up) or a positive duration");
    }
}
