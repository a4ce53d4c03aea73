namespace Gateway.Otlp.Receivers.Limits;

/// <summary>A request with more log records than <c>max_records_per_request</c>: answered 413 / RESOURCE_EXHAUSTED, not retryable as is.</summary>
public sealed class TooManyRecordsException(int limit) : Exception($"the request holds more than max_records_per_request ({limit}) log records; send at most {limit} per request (the OTel SDK batch size, e.g. OTEL_BLRP_MAX_EXPORT_BATCH_SIZE, or the collector's send_batch_max_size)")
{
    public int Limit { get; } = limit;
}
