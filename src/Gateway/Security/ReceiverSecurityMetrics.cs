using System.Diagnostics.Metrics;
using Gateway.Diagnostics;

namespace Gateway.Host.Security;

internal static class ReceiverSecurityMetrics
{
    /// <summary>Tagged with <c>transport</c> (grpc, http).</summary>
    public static readonly Counter<long> Unauthenticated = GatewayMeter.Instance.CreateCounter<long>("gateway_receiver_unauthenticated_requests", "{request}", "Receiver requests refused for a missing or invalid API key.");

    public static readonly Counter<long> RefusedOrigins = GatewayMeter.Instance.CreateCounter<long>("gateway_receiver_refused_origin_requests", "{request}", "OTLP/HTTP requests refused because their Origin is not in cors.allowed_origins.");
}
