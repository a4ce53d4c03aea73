using System.Diagnostics.Metrics;
using Gateway.Diagnostics;

namespace Gateway.Host.Security;

internal static class ReceiverSecurityMetrics
{
    /// <summary>Tagged with <c>transport</c> (grpc, http). Refused requests are counted by ReceiverRefusals, with a reason.</summary>
    public static readonly Counter<long> IdleConnectionsClosed = GatewayMeter.Instance.CreateCounter<long>("gateway_receiver_idle_connections_closed", "{connection}", "Receiver connections closed after idle_timeout without a request in flight.");
}
