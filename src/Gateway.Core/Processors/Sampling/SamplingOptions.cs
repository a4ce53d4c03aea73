using Gateway.Configuration;

namespace Gateway.Processors.Sampling;

/// <summary>The <c>processors: sampling:</c> block.</summary>
public sealed class SamplingOptions : IValidatableOptions
{
    public const string DefaultPriorityAttribute = "sampling.priority";

    /// <summary>Changes the draw: replicas with the same seed decide alike; a new seed picks a different set of sessions.</summary>
    public long Seed { get; set; }

    public LevelRates Rates { get; set; } = new();

    public List<SamplingRuleOptions> Rules { get; set; } = [];

    /// <summary>
    /// An attribute holding a percentage (0-100) that overrides the rate of its record, read like the collector's
    /// probabilistic sampler reads <c>sampling.priority</c>. Null switches the override off.
    /// </summary>
    public string? PriorityAttribute { get; set; } = DefaultPriorityAttribute;

    /// <summary>Off (null) unless the block is written.</summary>
    public KeepSessionOnErrorOptions? KeepSessionOnError { get; set; }

    public void Validate(OptionsValidationContext context)
    {
        if (PriorityAttribute is { Length: 0 }) context.Error("priority_attribute", "is empty: write an attribute key such as sampling.priority, or null to switch the override off");
    }
}
