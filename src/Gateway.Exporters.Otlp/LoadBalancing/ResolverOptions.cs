namespace Gateway.Exporters.Otlp.LoadBalancing;

/// <summary><c>resolver:</c> where the backends come from: exactly one of <c>static</c> and <c>dns</c>.</summary>
public sealed class ResolverOptions
{
    public StaticResolverOptions? Static { get; set; }

    public DnsResolverOptions? Dns { get; set; }
}
