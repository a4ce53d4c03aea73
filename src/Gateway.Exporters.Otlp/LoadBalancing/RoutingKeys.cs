using Gateway.Envelope;

namespace Gateway.Exporters.Otlp.LoadBalancing;

internal static class RoutingKeys
{
    /// <summary>The text hashed for <paramref name="envelope"/>; a session id that equals the trace id hashes as that same text.</summary>
    public static string Of(EventEnvelope envelope, RoutingKey key) => key switch
    {
        RoutingKey.Session => envelope.SessionId ?? envelope.TraceId ?? envelope.Service,
        RoutingKey.Trace => envelope.TraceId ?? envelope.Service,
        _ => envelope.Service,
    };
}
