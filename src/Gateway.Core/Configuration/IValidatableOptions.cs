namespace Gateway.Configuration;

/// <summary>Options that check their own values after binding; errors point at the offending key's line.</summary>
public interface IValidatableOptions
{
    void Validate(OptionsValidationContext context);
}
