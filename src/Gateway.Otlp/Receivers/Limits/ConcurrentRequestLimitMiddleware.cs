using Gateway.Otlp.Receivers.Grpc;
using Gateway.Otlp.Receivers.Http;
using Gateway.Otlp.Receivers.Refusals;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Gateway.Otlp.Receivers.Limits;

/// <summary>
/// <c>max_concurrent_requests</c> of one protocol. A request beyond it is answered at once, before its body is read:
/// HTTP 503 with Retry-After, gRPC UNAVAILABLE. Both are retryable for every OTel SDK (RESOURCE_EXHAUSTED is not,
/// without RetryInfo), and 503 rather than 429 says the gateway is busy, not that this client sent too much.
/// </summary>
public sealed class ConcurrentRequestLimitMiddleware(RequestDelegate next, int maxConcurrentRequests, string transport, ReceiverRefusals refusals)
{
    public const string RetryAfterSeconds = "1";

    private int _inFlight;

    public async Task InvokeAsync(HttpContext context)
    {
        if (Interlocked.Increment(ref _inFlight) > maxConcurrentRequests)
        {
            Interlocked.Decrement(ref _inFlight);
            await RefuseAsync(context).ConfigureAwait(false);
            return;
        }

        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private Task RefuseAsync(HttpContext context)
    {
        var message = $"the gateway is handling max_concurrent_requests ({maxConcurrentRequests}) {transport} requests; retry shortly";
        var grpc = GrpcTrailersOnly.IsGrpc(context.Request);
        refusals.Refuse(context, transport, RefusalReasons.MaxConcurrentRequests, grpc ? "UNAVAILABLE" : "503", message);
        if (grpc)
        {
            GrpcTrailersOnly.Write(context.Response, global::Grpc.Core.StatusCode.Unavailable, message);
            return Task.CompletedTask;
        }

        context.Response.Headers[HeaderNames.RetryAfter] = RetryAfterSeconds;
        return OtlpHttpResponses.WriteTextAsync(context.Response, StatusCodes.Status503ServiceUnavailable, message);
    }
}
