using Gateway.Exporters.Otlp.Configuration;

namespace Gateway.Exporters.Otlp.LoadBalancing;

/// <summary><c>protocol.otlp</c>: how each backend is sent to, as an <c>otlp</c> exporter without its endpoint (the resolver gives it).</summary>
public sealed class LoadBalancingProtocolOptions
{
    /// <summary>Stands in for the endpoint until a backend's own is set.</summary>
    public const string ResolverEndpoint = "(from the resolver)";

    public OtlpGrpcExporterOptions Otlp { get; set; } = new() { Endpoint = ResolverEndpoint };
}
