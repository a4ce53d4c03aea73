namespace Gateway.Testing.Otlp;

/// <summary>
/// One answer an <see cref="OtlpDouble"/> gives instead of success: an HTTP status and the gRPC code for the same
/// situation, the message, a retry delay (Retry-After, or a google.rpc.RetryInfo), or a partial success.
/// </summary>
public sealed record OtlpScriptedAnswer(int HttpStatus, Grpc.Core.StatusCode GrpcStatus, string Message, TimeSpan? RetryAfter = null, long PartiallyRejected = 0)
{
    public static OtlpScriptedAnswer Unavailable(TimeSpan retryAfter) => new(503, Grpc.Core.StatusCode.Unavailable, "draining", retryAfter);

    public static OtlpScriptedAnswer Throttled(TimeSpan retryAfter) => new(429, Grpc.Core.StatusCode.ResourceExhausted, "queues full", retryAfter);

    public static OtlpScriptedAnswer BadRequest(string message) => new(400, Grpc.Core.StatusCode.InvalidArgument, message);

    /// <summary>200 / OK with partial_success rejecting <paramref name="rejected"/> records.</summary>
    public static OtlpScriptedAnswer Partial(long rejected, string message) => new(200, Grpc.Core.StatusCode.OK, message, PartiallyRejected: rejected);
}
