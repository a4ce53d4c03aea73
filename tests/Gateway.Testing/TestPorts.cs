using Gateway.Configuration;
using Gateway.Host.Hosting;

namespace Gateway.Testing;

/// <summary>
/// Tests never bind fixed ports: a test on 4317 or 8888 fails while a gateway runs on the default ports (as the README
/// tells a newcomer to start one), and two tests on one port fail each other. Every listener a test starts is on port 0.
/// </summary>
public static class TestPorts
{
    /// <exception cref="ArgumentException">A listener of <paramref name="config"/> names a port.</exception>
    public static void RequireOsChosen(GatewayConfig config)
    {
        foreach (var (key, endpoint) in ConfiguredListeners.Of(config))
        {
            if (!endpoint.EndsWith(":0", StringComparison.Ordinal))
            {
                throw new ArgumentException($"{config.SourcePath}: {key} is {endpoint}; tests bind port 0 only (e.g. 127.0.0.1:0) and read the port the OS chose from the gateway", nameof(config));
            }
        }
    }
}
