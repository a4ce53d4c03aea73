using Gateway.Otlp.Compression;
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

        var grpcStatus = GrpcTrailer(context, "grpc-status");
        if (grpcStatus is null or "0") return;
        // Our own handlers count their answers; one left uncounted is Grpc.AspNetCore's own refusal (a message past the
        // maximum the gateway sets from max_request_body_size, a message that does not decompress, an encoding it lacks).
        var message = GrpcTrailer(context, "grpc-message") is { Length: > 0 } sent ? Uri.UnescapeDataString(sent) : "no message";
        refusals.Count(transport, GrpcReason(context, grpcStatus), "grpc-status " + grpcStatus, $"{context.Request.Path}: {message}");
    }

    /// <summary>
    /// What Grpc.AspNetCore answers by itself before the service runs: a message past max_request_body_size (also once
    /// decompressed), a message that does not decompress, a grpc-encoding it has no provider for, a service it does not serve.
    /// </summary>
    private static string GrpcReason(HttpContext context, string status) => status switch
    {
        "3" => RefusalReasons.BadRequest,
        "8" => RefusalReasons.MaxRequestBodySize,
        "12" when context.Request.Headers["grpc-encoding"] is { Count: > 0 } encoding && !IsServed(encoding[0]) => RefusalReasons.UnsupportedContentEncoding,
        "12" => RefusalReasons.NotFound,
        _ => RefusalReasons.Other,
    };

    private static bool IsServed(string? encoding) => encoding is null or "identity" || Array.IndexOf(BodyEncodings.GrpcAccepted, encoding) >= 0;

    /// <summary>A gRPC status field sent: in the trailers, or in the headers of a trailers-only answer; null for non-gRPC answers.</summary>
    private static string? GrpcTrailer(HttpContext context, string name)
    {
        var headers = context.Response.Headers[name];
        if (headers.Count > 0) return headers[0];
        var trailers = context.Features.Get<IHttpResponseTrailersFeature>()?.Trailers;
        return trailers is not null && trailers.TryGetValue(name, out var value) && value.Count > 0 ? value[0] : null;
    }
}
