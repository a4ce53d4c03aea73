using Gateway.Otlp.Receivers.Refusals;
using Microsoft.AspNetCore.Http;

namespace Gateway.Otlp.Receivers.Limits;

/// <summary>
/// While the gateway drains its queues on the way down, answers every new request at once, before its body is read:
/// HTTP 503 with Retry-After and a google.rpc.Status (code 14, UNAVAILABLE), gRPC UNAVAILABLE. Both are retryable
/// for every OTel SDK.
/// </summary>
public sealed class DrainingMiddleware(RequestDelegate next, ReceiverDrain drain, string transport, ReceiverRefusals refusals)
{
    public const string Message = "the gateway is shutting down (draining its queues); retry shortly";

    public Task InvokeAsync(HttpContext context)
    {
        if (!drain.Draining) return next(context);
        // An HTTP/1.1 client should not keep a connection to an instance that is going away (HTTP/2 has no such header).
        if (HttpProtocol.IsHttp11(context.Request.Protocol)) context.Response.Headers.Connection = "close";
        return UnavailableAnswer.WriteAsync(context, refusals, transport, RefusalReasons.ShuttingDown, Message);
    }
}
