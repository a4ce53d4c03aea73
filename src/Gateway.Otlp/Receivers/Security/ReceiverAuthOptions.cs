using Gateway.Configuration;

namespace Gateway.Otlp.Receivers.Security;

/// <summary>
/// The <c>auth:</c> block of the OTLP receiver. Off unless keys are listed. A request must carry one of the keys as
/// <c>Authorization: Bearer KEY</c> (or, with <c>header:</c> set, in that header / gRPC metadata key, bare or as Bearer).
/// </summary>
public sealed class ReceiverAuthOptions : IValidatableOptions
{
    public string Header { get; set; } = "Authorization";

    public List<ApiKeyOptions> Keys { get; set; } = [];

    public bool Enabled => Keys.Count > 0;

    public void Validate(OptionsValidationContext context)
    {
        if (string.IsNullOrWhiteSpace(Header)) context.Error("header", "name the header that carries the key, e.g. header: Authorization or header: x-api-key");
    }
}
