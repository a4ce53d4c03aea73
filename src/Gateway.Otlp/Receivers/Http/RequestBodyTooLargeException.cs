namespace Gateway.Otlp.Receivers.Http;

/// <summary>The body, as sent or once decompressed, is past max_request_body_size: answered with 413.</summary>
public sealed class RequestBodyTooLargeException(long limit) : Exception($"the request body is larger than max_request_body_size ({limit} bytes), counted after decompression")
{
    public long Limit { get; } = limit;
}
