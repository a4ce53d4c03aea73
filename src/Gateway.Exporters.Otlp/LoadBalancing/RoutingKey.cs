namespace Gateway.Exporters.Otlp.LoadBalancing;

/// <summary>What decides an event's backend (<c>routing_key</c>).</summary>
public enum RoutingKey : byte
{
    /// <summary>The session id, else the trace id, else the service: every event of a session on one backend.</summary>
    Session,

    /// <summary>The trace id, else the service.</summary>
    Trace,

    /// <summary>The service: all of a service's events on one backend.</summary>
    Service,
}
