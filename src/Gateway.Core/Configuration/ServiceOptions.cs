using Gateway.Pipeline;

namespace Gateway.Configuration;

/// <summary>The top-level <c>service:</c> block: how the gateway itself stops, where undeliverable events go and how it reports on itself.</summary>
public sealed class ServiceOptions : IValidatableOptions
{
    /// <summary>How long a stop (SIGTERM, Ctrl-C) waits for the exporters to drain their queues.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public DeadLetterOptions DeadLetter { get; set; } = new();

    /// <summary>The metrics, health and readiness endpoint and the gateway's own log settings.</summary>
    public TelemetryOptions Telemetry { get; set; } = new();

    public void Validate(OptionsValidationContext context)
    {
        if (ShutdownTimeout <= TimeSpan.Zero || ShutdownTimeout > TimeSpan.FromHours(1))
        {
            context.Error("shutdown_timeout", $"must be between 1s and 1h, got {ShutdownTimeout}; e.g. shutdown_timeout: 30s");
        }
    }
}
