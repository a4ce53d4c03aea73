namespace Gateway.Exporters.Otlp.Configuration;

/// <summary>The <c>otlp</c> exporter: OTLP/gRPC to <c>endpoint</c> (host:port with TLS unless <c>tls.insecure</c>, or an http:// / https:// URL).</summary>
public sealed class OtlpGrpcExporterOptions : OtlpExporterOptions
{
    /// <summary>These settings for one backend of a loadbalancing exporter.</summary>
    public OtlpGrpcExporterOptions WithEndpoint(string endpoint)
    {
        var copy = (OtlpGrpcExporterOptions)MemberwiseClone();
        copy.Endpoint = endpoint;
        return copy;
    }

    protected override string EndpointExample => "collector:4317 (with tls: { insecure: true } for plaintext) or https://collector:4317";
}
