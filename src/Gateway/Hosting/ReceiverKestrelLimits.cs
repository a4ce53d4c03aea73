using Gateway.Otlp.Receivers;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Gateway.Host.Hosting;

/// <summary>
/// The receivers' connection settings that Kestrel applies to the whole server rather than per listener: HTTP/2
/// keepalive pings (the smaller of the protocols' values that speak HTTP/2 applies to both), and its own keep-alive
/// timeout, set past every idle_timeout so <see cref="ReceiverConnectionActivity"/> is what closes idle connections.
/// </summary>
internal static class ReceiverKestrelLimits
{
    public static void Apply(KestrelServerLimits limits, OtlpReceiverOptions otlp)
    {
        TimeSpan? pingDelay = null, pingTimeout = null, idle = null;
        foreach (var (protocol, http2) in new[] { (otlp.Grpc, true), (otlp.Http, otlp.Http?.Tls is not null) })
        {
            if (protocol is null) continue;
            idle = Max(idle, protocol.IdleTimeout);
            if (!http2) continue;
            pingDelay = Min(pingDelay, protocol.KeepaliveTime);
            pingTimeout = Min(pingTimeout, protocol.KeepaliveTimeout);
        }

        if (idle is { } longest) limits.KeepAliveTimeout = longest + ReceiverConnectionActivity.CloseGrace;
        if (pingDelay is { } delay) limits.Http2.KeepAlivePingDelay = delay;
        if (pingTimeout is { } timeout) limits.Http2.KeepAlivePingTimeout = timeout;
    }

    private static TimeSpan Min(TimeSpan? current, TimeSpan value) => current is { } c && c < value ? c : value;

    private static TimeSpan Max(TimeSpan? current, TimeSpan value) => current is { } c && c > value ? c : value;
}
