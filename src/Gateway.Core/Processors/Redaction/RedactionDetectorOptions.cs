namespace Gateway.Processors.Redaction;

/// <summary>The <c>detectors:</c> block: the action of each built-in value detector (<c>off</c> switches one off).</summary>
public sealed class RedactionDetectorOptions
{
    public RedactionAction Email { get; set; } = RedactionAction.Mask;

    public RedactionAction PaymentCard { get; set; } = RedactionAction.Mask;

    public RedactionAction Jwt { get; set; } = RedactionAction.Mask;

    public RedactionAction BearerToken { get; set; } = RedactionAction.Mask;

    public RedactionAction AwsAccessKey { get; set; } = RedactionAction.Mask;

    public RedactionAction PrivateKey { get; set; } = RedactionAction.Mask;
}
