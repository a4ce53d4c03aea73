using System.Diagnostics;
using Gateway.Otlp.Receivers.Grpc;
using Gateway.Otlp.Receivers.Http;
using Gateway.Otlp.Receivers.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Gateway.Host.Security;

/// <summary>
/// Refuses receiver requests without a valid key before anything of them is read: HTTP 401 with WWW-Authenticate, or
/// gRPC UNAUTHENTICATED (a trailers-only answer). CORS preflights never reach it (the CORS middleware answers them
/// first, without auth, as browsers send no credentials on a preflight). The identity found is set as a request
/// feature, from which the receiver stamps the key's scope on every envelope.
/// </summary>
public sealed partial class ReceiverAuthMiddleware(RequestDelegate next, ApiKeyAuthenticator authenticator, string transport, ILogger<ReceiverAuthMiddleware> logger)
{
    private readonly TagList _tags = new() { { "transport", transport } };

    public async Task InvokeAsync(HttpContext context)
    {
        var identity = authenticator.Authenticate(context.Request.Headers[authenticator.Header].ToString());
        if (identity is not null)
        {
            context.Features.Set(identity);
            await next(context).ConfigureAwait(false);
            return;
        }

        ReceiverSecurityMetrics.Unauthenticated.Add(1, _tags);
        LogRefused(logger, transport, context.Connection.RemoteIpAddress?.ToString() ?? "unknown", context.Request.Path);
        var message = $"missing or invalid API key: send {authenticator.Header}: Bearer <key> with one of the keys configured under receivers.otlp.auth.keys";
        if (GrpcTrailersOnly.IsGrpc(context.Request))
        {
            GrpcTrailersOnly.Write(context.Response, global::Grpc.Core.StatusCode.Unauthenticated, message);
            return;
        }

        context.Response.Headers.WWWAuthenticate = "Bearer";
        await OtlpHttpResponses.WriteTextAsync(context.Response, StatusCodes.Status401Unauthorized, message).ConfigureAwait(false);
    }

    [LoggerMessage(EventId = 3000, Level = LogLevel.Warning, Message = "Refused an OTLP/{Transport} request from {Remote} to {Path}: missing or invalid API key")]
    private static partial void LogRefused(ILogger logger, string transport, string remote, string path);
}
