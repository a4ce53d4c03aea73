using System.Globalization;
using System.Net;

namespace Gateway.Otlp.Receivers;

/// <summary>A parsed <c>host:port</c>; port 0 lets the OS choose (tests), "localhost" binds loopback only.</summary>
public readonly record struct ListenEndpoint(IPAddress? Address, bool Localhost, int Port)
{
    public static bool TryParse(string text, out ListenEndpoint endpoint)
    {
        endpoint = default;
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535) return false;
        var host = text[..colon].Trim('[', ']');
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            endpoint = new ListenEndpoint(null, true, port);
            return true;
        }

        if (!IPAddress.TryParse(host, out var address)) return false;
        endpoint = new ListenEndpoint(address, false, port);
        return true;
    }
}
