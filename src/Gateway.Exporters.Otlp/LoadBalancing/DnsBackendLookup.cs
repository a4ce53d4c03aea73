using System.Net;

namespace Gateway.Exporters.Otlp.LoadBalancing;

/// <summary>Resolves a host name to its addresses (A and AAAA); the system resolver unless a test gives another.</summary>
public delegate Task<IPAddress[]> DnsBackendLookup(string hostname, CancellationToken cancellationToken);
