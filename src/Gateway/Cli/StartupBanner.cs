using System.Net;
using System.Net.Sockets;
using Gateway.Host.Hosting;

namespace Gateway.Host.Cli;

/// <summary>
/// What <c>gateway run</c> prints once it listens: the addresses as bound (0.0.0.0:4317 means every interface), how to
/// reach them from this machine, and the config file. The first line starts with "gateway listening" (scripts wait for it).
/// </summary>
public static class StartupBanner
{
    public static string Describe(GatewayHost host, string configPath)
    {
        var listening = new List<string>(3);
        var local = new List<string>(3);
        if (host.GrpcBoundTo is { } grpc)
        {
            listening.Add($"OTLP/gRPC {Format(grpc)}");
            local.Add($"{host.GrpcAddress?.ToString().TrimEnd('/')} (gRPC)");
        }

        if (host.HttpBoundTo is { } http)
        {
            listening.Add($"OTLP/HTTP {Format(http)}");
            local.Add($"{host.HttpAddress?.ToString().TrimEnd('/')} (http/protobuf, path /v1/logs)");
        }

        if (host.TelemetryBoundTo is { } telemetry)
        {
            listening.Add($"metrics and health {Format(telemetry)}");
            local.Add($"{host.TelemetryAddress}readyz");
        }

        return $"""
            gateway listening: {(listening.Count == 0 ? "no listeners" : string.Join(", ", listening))}{(Wildcard(host) ? " (every interface)" : "")}
              from this machine: {string.Join(", ", local)}
              config {configPath}, reloaded on change or SIGHUP; Ctrl-C to stop
            """;
    }

    /// <summary>An endpoint as the OS bound it: 0.0.0.0:4317, 127.0.0.1:4318, [::]:8888.</summary>
    public static string Format(IPEndPoint endpoint) =>
        endpoint.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{endpoint.Address}]:{endpoint.Port}" : $"{endpoint.Address}:{endpoint.Port}";

    private static bool Wildcard(GatewayHost host) =>
        IsAny(host.GrpcBoundTo) || IsAny(host.HttpBoundTo) || IsAny(host.TelemetryBoundTo);

    private static bool IsAny(IPEndPoint? endpoint) =>
        endpoint is not null && (endpoint.Address.Equals(IPAddress.Any) || endpoint.Address.Equals(IPAddress.IPv6Any));
}
