namespace Gateway.Otlp.Receivers;

/// <summary>The <c>protocols:</c> block; a protocol left out (or set to null) is not started.</summary>
public sealed class OtlpProtocolsOptions
{
    public OtlpProtocolEndpointOptions? Grpc { get; set; }

    public OtlpProtocolEndpointOptions? Http { get; set; }
}
