using Gateway.Configuration;

namespace Gateway.Otlp.Receivers;

/// <summary>One listening protocol of the OTLP receiver: <c>endpoint: host:port</c>, as in the collector.</summary>
public sealed class OtlpProtocolEndpointOptions : IValidatableOptions
{
    /// <summary>host:port; when not written, the protocol's standard port on all interfaces (4317 gRPC, 4318 HTTP).</summary>
    public string? Endpoint { get; set; }

    /// <summary>Largest request body accepted, also after decompression, so a gzip bomb is refused and never inflated.</summary>
    public ByteSize MaxRequestBodySize { get; set; } = ByteSize.FromMebibytes(20);

    public void Validate(OptionsValidationContext context)
    {
        if (Endpoint is not null && !ListenEndpoint.TryParse(Endpoint, out _)) context.Error("endpoint", $"'{Endpoint}' is not host:port; write e.g. 0.0.0.0:4318 or localhost:4318");
        if (MaxRequestBodySize.Bytes < 1024) context.Error("max_request_body_size", $"must be at least 1KiB, got {MaxRequestBodySize}");
    }
}
