namespace Gateway.Configuration;

/// <summary>The <c>envelope:</c> block: defaults and bounds applied while mapping log records.</summary>
public sealed class EnvelopeOptions : IValidatableOptions
{
    /// <summary>Environment used when the resource names none (deployment.environment.name / deployment.environment).</summary>
    public string? DefaultEnvironment { get; set; }

    /// <summary>Nesting depth of arrays and maps kept in attribute values; deeper levels are replaced by a marker.</summary>
    public int MaxAttributeDepth { get; set; } = 8;

    /// <summary>Longest string value kept, in characters; longer values are cut and the key listed in <c>truncated</c>.</summary>
    public int MaxAttributeValueLength { get; set; } = 32 * 1024;

    /// <summary>Most attributes kept per record (and per nested map); the rest are counted in <c>truncated</c>.</summary>
    public int MaxAttributes { get; set; } = 256;

    public void Validate(OptionsValidationContext context)
    {
        if (MaxAttributeDepth is < 1 or > 64) context.Error("max_attribute_depth", $"must be between 1 and 64, got {MaxAttributeDepth}");
        if (MaxAttributeValueLength < 16) context.Error("max_attribute_value_length", $"must be at least 16, got {MaxAttributeValueLength}");
        if (MaxAttributes < 1) context.Error("max_attributes", $"must be at least 1, got {MaxAttributes}");
    }
}
