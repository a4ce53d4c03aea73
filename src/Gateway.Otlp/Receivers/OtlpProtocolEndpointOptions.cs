using Gateway.Configuration;
using Gateway.Otlp.Receivers.Security;

namespace Gateway.Otlp.Receivers;

/// <summary>One listening protocol of the OTLP receiver: <c>endpoint: host:port</c>, as in the collector, with its TLS, CORS and limits.</summary>
public sealed class OtlpProtocolEndpointOptions : IValidatableOptions
{
    public const int DefaultMaxConcurrentRequests = 512;

    /// <summary>host:port; when not written, the protocol's standard port on all interfaces (4317 gRPC, 4318 HTTP).</summary>
    public string? Endpoint { get; set; }

    /// <summary>Largest request body accepted, also after decompression, so a gzip bomb is refused and never inflated.</summary>
    public ByteSize MaxRequestBodySize { get; set; } = ByteSize.FromMebibytes(20);

    /// <summary>
    /// Requests handled at once on this protocol; one more is answered 503 / UNAVAILABLE with a retry hint, which every
    /// OTel SDK retries, so a burst of clients cannot hold unbounded memory in request bodies.
    /// </summary>
    public int MaxConcurrentRequests { get; set; } = DefaultMaxConcurrentRequests;

    /// <summary>Serve this protocol over TLS; null serves plaintext.</summary>
    public TlsOptions? Tls { get; set; }

    /// <summary>Browser access to OTLP/HTTP; valid on the http protocol only.</summary>
    public CorsOptions? Cors { get; set; }

    public void Validate(OptionsValidationContext context)
    {
        if (Endpoint is not null && !ListenEndpoint.TryParse(Endpoint, out _)) context.Error("endpoint", $"'{Endpoint}' is not host:port; write e.g. 0.0.0.0:4318 or localhost:4318");
        if (MaxRequestBodySize.Bytes < 1024) context.Error("max_request_body_size", $"must be at least 1KiB, got {MaxRequestBodySize}");
        if (MaxConcurrentRequests < 1) context.Error("max_concurrent_requests", $"must be at least 1, got {MaxConcurrentRequests}; leave it out for the default of {DefaultMaxConcurrentRequests}");
    }
}
