using Gateway.Otlp.Receivers.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Gateway.Host.Security;

/// <summary>
/// Refuses receiver requests without a valid key before anything of them is read: HTTP 401 with WWW-Authenticate, or
/// gRPC UNAUTHENTICATED (a trailers-only answer). CORS preflights never reach it (the CORS middleware answers them
/// first, without auth, as browsers send no credentials on a preflight). The identity found is left on the request
/// for the receiver to stamp the key's scope on every envelope.
/// </summary>
public sealed partial class ReceiverAuthMiddleware(RequestDelegate next, ApiKeyAuthenticator authenticator, ILogger<ReceiverAuthMiddleware> logger)
{
    public const string IdentityItem = "gateway.api_key_identity";

    public async Task InvokeAsync(HttpContext context)
    {
        var identity = authenticator.Authenticate(context.Request.Headers[authenticator.Header].ToString());
        if (identity is not null)
        {
            context.Items[IdentityItem] = identity;
            await next(context).ConfigureAwait(false);
            return;
        }

        ReceiverAuthMetrics.Refused.Add(1);
        LogRefused(logger, context.Connection.RemoteIpAddress?.ToString() ?? "unknown", context.Request.Path);
        var message = $"missing or invalid API key: send {authenticator.Header}: Bearer <key> with one of the keys configured under receivers.otlp.auth.keys";
        if (context.Request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true)
        {
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = "application/grpc";
            context.Response.Headers["grpc-status"] = "16";
            context.Response.Headers["grpc-message"] = Uri.EscapeDataString(message);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = "Bearer";
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(message).ConfigureAwait(false);
    }

    public static ApiKeyIdentity? IdentityOf(HttpContext context) => context.Items.TryGetValue(IdentityItem, out var value) ? value as ApiKeyIdentity : null;

    [LoggerMessage(EventId = 3000, Level = LogLevel.Warning, Message = "Refused a request from {Remote} to {Path}: missing or invalid API key")]
    private static partial void LogRefused(ILogger logger, string remote, string path);
}
