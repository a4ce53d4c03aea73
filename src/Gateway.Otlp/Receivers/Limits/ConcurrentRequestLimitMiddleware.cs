using Gateway.Otlp.Receivers.Refusals;
using Microsoft.AspNetCore.Http;

namespace Gateway.Otlp.Receivers.Limits;

/// <summary>
/// <c>max_concurrent_requests</c> of one protocol. A request beyond it is answered at once, before its body is read:
/// HTTP 503 with Retry-After, gRPC UNAVAILABLE. Both are retryable for every OTel SDK (RESOURCE_EXHAUSTED is not,
/// without RetryInfo), and 503 rather than 429 says the gateway is busy, not that this client sent too much.
/// </summary>
public sealed class ConcurrentRequestLimitMiddleware(RequestDelegate next, int maxConcurrentRequests, string transport, ReceiverRefusals refusals)
{
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

    private Task RefuseAsync(HttpContext context) => UnavailableAnswer.WriteAsync(context, refusals, transport, RefusalReasons.MaxConcurrentRequests,
        $"the gateway is handling max_concurrent_requests ({maxConcurrentRequests}) {transport} requests; retry shortly");
}
