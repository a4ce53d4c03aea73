using Gateway.Configuration;
using Gateway.Envelope;

namespace Gateway.Processors.Sampling;

/// <summary>
/// One entry of <c>rules:</c>. Every condition written must hold; the first matching rule sets the keep-rate.
/// <c>name</c>, <c>service</c> and attribute values are globs (<c>payment.*</c>).
/// </summary>
public sealed class SamplingRuleOptions : IValidatableOptions
{
    public string? Name { get; set; }

    public string? Service { get; set; }

    public string? Level { get; set; }

    /// <summary>Attribute key to value glob; a record matches when each key is present with a matching value.</summary>
    public Dictionary<string, string> Attributes { get; set; } = new(StringComparer.Ordinal);

    public double? Rate { get; set; }

    public void Validate(OptionsValidationContext context)
    {
        if (Name is null && Service is null && Level is null && Attributes.Count == 0)
        {
            context.Error("a rule needs at least one condition: write name: \"payment.*\", service: healthcheck, level: debug or attributes: {key: value}");
        }

        if (Level is not null && !EventLevelNames.TryParse(Level, out _)) context.Error("level", $"'{Level}' is not a level: write {EventLevelNames.Expected}");
        if (Rate is { } rate) RateCheck.Validate(context, "rate", rate);
        else context.Error("rate", "is required: write rate: 1 to always keep, rate: 0 to always drop, or a fraction such as rate: 0.5");
    }
}
