using Gateway.Configuration;

namespace Gateway.Otlp.Receivers.Security;

public sealed class KeyScopeOptions : IValidatableOptions
{
    public string Type { get; set; } = "tenant";

    public string? Id { get; set; }

    public void Validate(OptionsValidationContext context)
    {
        if (string.IsNullOrWhiteSpace(Id)) context.Error("id", "a key's scope needs an id, e.g. scope: { type: tenant, id: acme }");
    }
}
