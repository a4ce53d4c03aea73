namespace Gateway.Host.Operations;

/// <summary>One receiver listener as readiness reports it, e.g. otlp over grpc at http://127.0.0.1:4317/.</summary>
public sealed record ReceiverListener(string Receiver, string Transport, Uri Address);
