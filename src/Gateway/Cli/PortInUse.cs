using System.Globalization;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Gateway.Configuration;
using Gateway.Host.Hosting;
using Gateway.Otlp.Receivers;
using Microsoft.AspNetCore.Connections;

namespace Gateway.Host.Cli;

/// <summary>
/// Turns "address already in use" at start into one line that names the port, the configuration key that asked
/// for it and what to do, instead of Kestrel's message and a stack trace.
/// </summary>
public static partial class PortInUse
{
    /// <returns>The line to print, or null when <paramref name="exception"/> is not about a port in use.</returns>
    public static string? Describe(GatewayConfig config, Exception exception)
    {
        if (!IsAddressInUse(exception)) return null;
        var failed = BoundAddress().Match(exception.Message);
        var port = failed.Success ? int.Parse(failed.Groups["port"].Value, CultureInfo.InvariantCulture) : -1;
        foreach (var (key, endpoint) in ConfiguredListeners.Of(config))
        {
            if (!ListenEndpoint.TryParse(endpoint, out var parsed) || parsed.Port != port) continue;
            return $"cannot start: port {port} is already in use ({key}: {endpoint}); stop the other process (another gateway or collector?) or choose another port there";
        }

        return $"cannot start: {exception.Message.TrimEnd('.')}; stop the other process or choose another port (receivers.*.protocols.*.endpoint, service.telemetry.endpoint)";
    }

    private static bool IsAddressInUse(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is AddressInUseException or SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse }) return true;
        }

        return false;
    }

    /// <summary>Kestrel's "Failed to bind to address http://0.0.0.0:4317: address already in use."</summary>
    [GeneratedRegex(@"address \S+:(?<port>\d+)\b")]
    private static partial Regex BoundAddress();
}
