using Gateway.Otlp.Receivers.Grpc;
using Gateway.Otlp.Receivers.Http;
using Gateway.Otlp.Receivers.Refusals;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

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
        var grpc = GrpcTrailersOnly.IsGrpc(context.Request);
        refusals.Refuse(context, transport, RefusalReasons.ShuttingDown, grpc ? "UNAVAILABLE" : "503", Message);
        if (grpc)
        {
            GrpcTrailersOnly.Write(context.Response, global::Grpc.Core.StatusCode.Unavailable, Message);
            return Task.CompletedTask;
        }

        context.Response.Headers[HeaderNames.RetryAfter] = ConcurrentRequestLimitMiddleware.RetryAfterSeconds;
        context.Response.Headers.Connection = "close";
        return OtlpContentTypes.TryParse(context.Request.ContentType, out var encoding)
            ? OtlpHttpResponses.WriteStatusAsync(context.Response, StatusCodes.Status503ServiceUnavailable, global::Grpc.Core.StatusCode.Unavailable, Message, encoding)
            : OtlpHttpResponses.WriteTextAsync(context.Response, StatusCodes.Status503ServiceUnavailable, Message);
    }
}
