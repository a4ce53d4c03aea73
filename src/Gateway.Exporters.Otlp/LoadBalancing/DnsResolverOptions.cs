namespace Gateway.Exporters.Otlp.LoadBalancing;

/// <summary>
/// <c>resolver.dns</c>: every A and AAAA record of <c>hostname</c> is a backend on <c>port</c>, looked up again every
/// <c>interval</c> (a Kubernetes headless service lists its ready pods so).
/// </summary>
public sealed class DnsResolverOptions
{
    public string? Hostname { get; set; }

    public int Port { get; set; } = 4317;

    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(1);
}
