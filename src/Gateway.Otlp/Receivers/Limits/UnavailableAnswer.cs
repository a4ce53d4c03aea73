using Gateway.Otlp.Receivers.Grpc;
using Gateway.Otlp.Receivers.Http;
using Gateway.Otlp.Receivers.Refusals;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Gateway.Otlp.Receivers.Limits;

/// <summary>
/// The answer of a gate that refuses a request before its body is read because the gateway cannot take it now (busy,
/// stopping): HTTP 503 with Retry-After, gRPC UNAVAILABLE; both retryable for every OTel SDK. Counted and logged.
/// </summary>
public static class UnavailableAnswer
{
    public const string RetryAfterSeconds = "1";

    public static Task WriteAsync(HttpContext context, ReceiverRefusals refusals, string transport, string reason, string message)
    {
        var grpc = GrpcTrailersOnly.IsGrpc(context.Request);
        refusals.Refuse(context, transport, reason, grpc ? "UNAVAILABLE" : "503", message);
        if (grpc)
        {
            GrpcTrailersOnly.Write(context.Response, global::Grpc.Core.StatusCode.Unavailable, message);
            return Task.CompletedTask;
        }

        context.Response.Headers[HeaderNames.RetryAfter] = RetryAfterSeconds;

        // A google.rpc.Status (code 14) when the request says which encoding it speaks, as the collector answers.
        return OtlpContentTypes.TryParse(context.Request.ContentType, out var encoding)
            ? OtlpHttpResponses.WriteStatusAsync(context.Response, StatusCodes.Status503ServiceUnavailable, global::Grpc.Core.StatusCode.Unavailable, message, encoding)
            : OtlpHttpResponses.WriteTextAsync(context.Response, StatusCodes.Status503ServiceUnavailable, message);
    }
}
