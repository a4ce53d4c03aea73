namespace Gateway.Otlp.Receivers.Limits;

/// <summary>The requests in flight hold <c>max_in_flight_memory</c>: answered 503 / UNAVAILABLE with a retry hint.</summary>
public sealed class InFlightMemoryExceededException(long limit) : Exception($"the requests in flight hold max_in_flight_memory ({limit} bytes); retry shortly")
{
    public long Limit { get; } = limit;
}
