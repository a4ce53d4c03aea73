using Gateway.Configuration;
using Gateway.Queues;

namespace Gateway.Exporters;

/// <summary>
/// Settings every exporter has: queue, batching and retry come from shared code, so an exporter's options class
/// derives from this one and adds only what its destination needs.
/// </summary>
public class ExporterOptions : IValidatableOptions
{
    public QueueOptions Queue { get; set; } = new();

    public BatchOptions Batch { get; set; } = new();

    public RetryOptions Retry { get; set; } = new();

    public virtual void Validate(OptionsValidationContext context)
    {
    }
}
