namespace Gateway.Exporters.Otlp.LoadBalancing;

/// <summary>The ring and its backends, swapped whole when the resolver's answer changes, so routing takes no lock.</summary>
internal sealed class BackendSet(HashRing ring, Backend[] backends)
{
    public static readonly BackendSet Empty = new(new HashRing([]), []);

    public HashRing Ring { get; } = ring;

    /// <summary>In the ring's order: <c>Backends[Ring.OwnerOf(key)]</c>.</summary>
    public Backend[] Backends { get; } = backends;
}
