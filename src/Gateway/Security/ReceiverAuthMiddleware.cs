using Gateway.Otlp.Receivers.Grpc;
using Gateway.Otlp.Receivers.Http;
using Gateway.Otlp.Receivers.Refusals;
using Gateway.Otlp.Receivers.Security;
using Microsoft.AspNetCore.Http;

namespace Gateway.Host.Security;

/// <summary>
/// Refuses receiver requests without a valid key before anything of them is read: HTTP 401 with WWW-Authenticate, or
/// gRPC UNAUTHENTICATED (a trailers-only answer). CORS preflights never reach it (the CORS middleware answers them
/// first, without auth, as browsers send no credentials on a preflight). The identity found is set as a request
/// feature, from which the receiver stamps the key's scope on every envelope.
/// </summary>
public sealed class ReceiverAuthMiddleware(RequestDelegate next, ApiKeyAuthenticator authenticator, string transport, ReceiverRefusals refusals)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var identity = authenticator.Authenticate(context.Request.Headers[authenticator.Header].ToString());
        if (identity is not null)
        {
            context.Features.Set(identity);
            await next(context).ConfigureAwait(false);
            return;
        }

        var message = $"missing or invalid API key: send {authenticator.Header}: Bearer <key> with one of the keys configured under receivers.otlp.auth.keys";
        var grpc = GrpcTrailersOnly.IsGrpc(context.Request);
        refusals.Refuse(context, transport, RefusalReasons.Unauthenticated, grpc ? "UNAUTHENTICATED" : "401",
            $"missing or invalid API key from {context.Connection.RemoteIpAddress?.ToString() ?? "unknown"} to {context.Request.Path}");
        if (grpc)
        {
            GrpcTrailersOnly.Write(context.Response, global::Grpc.Core.StatusCode.Unauthenticated, message);
            return;
        }

        context.Response.Headers.WWWAuthenticate = "Bearer";
        await OtlpHttpResponses.WriteTextAsync(context.Response, StatusCodes.Status401Unauthorized, message).ConfigureAwait(false);
    }
}
