using Gateway.Otlp.Receivers.Refusals;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Gateway.Host.Security;

/// <summary>
/// CORS for browser SDKs on the OTLP/HTTP receiver, ahead of auth: a preflight (OPTIONS with
/// Access-Control-Request-Method) is answered here without a key, as browsers send no credentials on it. A request
/// whose Origin is not allowed is refused with 403 and not processed: browsers would hide the answer anyway, and this
/// way a page cannot make the gateway accept data it is not allowed to read the answer of.
/// </summary>
public sealed class ReceiverCorsMiddleware(RequestDelegate next, ICorsService cors, CorsPolicy policy, ReceiverRefusals refusals)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (!request.Headers.ContainsKey(HeaderNames.Origin))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var result = cors.EvaluatePolicy(context, policy);
        if (HttpMethods.IsOptions(request.Method) && request.Headers.ContainsKey(HeaderNames.AccessControlRequestMethod))
        {
            // A refused origin gets the same 204 without Access-Control-Allow-* headers, which the browser reads as "no".
            cors.ApplyResult(result, context.Response);
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return;
        }

        if (!result.IsOriginAllowed)
        {
            var message = $"origin '{request.Headers.Origin}' is not in receivers.otlp.protocols.http.cors.allowed_origins";
            refusals.Refuse(context, ReceiverSecurity.Http, RefusalReasons.OriginNotAllowed, "403", message);
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync(message).ConfigureAwait(false);
            return;
        }

        cors.ApplyResult(result, context.Response);
        await next(context).ConfigureAwait(false);
    }
}
