namespace Gateway.Otlp.Receivers.Limits;

/// <summary>
/// Set when the gateway begins to stop: the listeners stay open while the queues drain, and every new request is
/// answered 503 / UNAVAILABLE (what load balancers and OTel SDKs expect, and retry elsewhere or later) instead of
/// finding the port closed.
/// </summary>
public sealed class ReceiverDrain
{
    private volatile bool _draining;

    public bool Draining => _draining;

    public void Start() => _draining = true;
}
