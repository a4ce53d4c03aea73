namespace Gateway.Exporters.Otlp.LoadBalancing;

/// <summary><c>resolver.static</c>: a fixed list of backends, <c>host:port</c> each.</summary>
public sealed class StaticResolverOptions
{
    public List<string> Hostnames { get; set; } = [];
}
