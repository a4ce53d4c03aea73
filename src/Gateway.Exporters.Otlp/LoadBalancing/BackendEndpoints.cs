using System.Net;
using System.Net.Sockets;

namespace Gateway.Exporters.Otlp.LoadBalancing;

/// <summary>The backends a resolver found, as the host:port texts the ring hashes (sorted, so every gateway builds the same ring).</summary>
internal static class BackendEndpoints
{
    public static string[] FromAddresses(IEnumerable<IPAddress> addresses, int port)
    {
        var endpoints = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var address in addresses)
        {
            endpoints.Add(address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]:{port}" : $"{address}:{port}");
        }

        return [.. endpoints];
    }

    public static string[] FromList(IEnumerable<string> hostnames) => [.. new SortedSet<string>(hostnames, StringComparer.OrdinalIgnoreCase)];
}
