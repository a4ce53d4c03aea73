using System.Diagnostics.Metrics;
using Gateway.Diagnostics;

namespace Gateway.Host.Security;

internal static class ReceiverAuthMetrics
{
    public static readonly Counter<long> Refused = GatewayMeter.Instance.CreateCounter<long>("gateway_receiver_unauthenticated_requests", description: "Receiver requests refused for a missing or invalid API key.");
}
