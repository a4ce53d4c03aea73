namespace Gateway.Otlp.Events;

/// <summary>A body with more events than <c>max_records_per_request</c>: answered 413, not retryable as it is.</summary>
internal sealed class TooManyEventsException(int limit)
    : Exception($"the request holds more than max_records_per_request ({limit}) events; send at most {limit} events per request")
{
    public int Limit { get; } = limit;
}
