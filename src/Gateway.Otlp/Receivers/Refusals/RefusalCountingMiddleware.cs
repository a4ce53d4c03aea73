using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Gateway.Otlp.Receivers.Refusals;

/// <summary>
/// First at a receiver's door: an answer other than success that no gate or handler counted itself (404 for a path
/// the gateway does not serve, 405, gRPC UNIMPLEMENTED for traces and metrics, an unhandled failure) is counted and
/// logged here, so no refusal goes unseen. A request the client abandoned is not a refusal.
/// </summary>
public sealed class RefusalCountingMiddleware(RequestDelegate next, string transport, ReceiverRefusals refusals)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (Exception e) when (!ReceiverRefusals.IsCounted(context) && !context.RequestAborted.IsCancellationRequested)
        {
            refusals.Count(transport, RefusalReasons.Other, "500", $"{context.Request.Method} {context.Request.Path} failed: {e.GetType().Name}");
            throw;
        }

        if (ReceiverRefusals.IsCounted(context) || context.RequestAborted.IsCancellationRequested) return;
        var response = context.Response;
        if (response.StatusCode is < 200 or >= 300)
        {
            var reason = response.StatusCode switch
            {
                StatusCodes.Status404NotFound => RefusalReasons.NotFound,
                StatusCodes.Status405MethodNotAllowed => RefusalReasons.MethodNotAllowed,
                StatusCodes.Status415UnsupportedMediaType => RefusalReasons.UnsupportedMediaType,
                StatusCodes.Status400BadRequest => RefusalReasons.BadRequest,
                _ => RefusalReasons.Other,
            };
            refusals.Count(transport, reason, ReceiverRefusals.Http(response.StatusCode), $"{context.Request.Method} {context.Request.Path}");
            return;
        }

        var grpcStatus = GrpcStatusOf(context);
        if (grpcStatus is null or "0") return;
        // Our own handlers count their RESOURCE_EXHAUSTED answers; one left uncounted is the gRPC framework's refusal of a
        // message past its maximum, which the gateway sets from max_request_body_size.
        var grpcReason = grpcStatus switch
        {
            "12" => RefusalReasons.NotFound,
            "8" => RefusalReasons.MaxRequestBodySize,
            _ => RefusalReasons.Other,
        };
        refusals.Count(transport, grpcReason, "grpc-status " + grpcStatus, $"{context.Request.Path}: {GrpcMessageOf(context)}");
    }

    private static string GrpcMessageOf(HttpContext context)
    {
        var trailers = context.Features.Get<IHttpResponseTrailersFeature>()?.Trailers;
        if (trailers is not null && trailers.TryGetValue("grpc-message", out var value) && value.Count > 0) return Uri.UnescapeDataString(value[0] ?? string.Empty);
        var headers = context.Response.Headers["grpc-message"];
        return headers.Count > 0 ? Uri.UnescapeDataString(headers[0] ?? string.Empty) : "no message";
    }

    /// <summary>The gRPC status sent: in the trailers, or in the headers of a trailers-only answer; null for non-gRPC answers.</summary>
    private static string? GrpcStatusOf(HttpContext context)
    {
        var headers = context.Response.Headers["grpc-status"];
        if (headers.Count > 0) return headers[0];
        var trailers = context.Features.Get<IHttpResponseTrailersFeature>()?.Trailers;
        return trailers is not null && trailers.TryGetValue("grpc-status", out var value) && value.Count > 0 ? value[0] : null;
    }
}
