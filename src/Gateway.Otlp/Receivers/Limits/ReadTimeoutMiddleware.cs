using Gateway.Otlp.Receivers.Grpc;
using Gateway.Otlp.Receivers.Refusals;
using Microsoft.AspNetCore.Http;

namespace Gateway.Otlp.Receivers.Limits;

/// <summary>
/// <c>read_timeout</c> of one protocol: every request gets a <see cref="RequestReadDeadline"/>. The OTLP/HTTP handler
/// reads its body under that deadline and answers 408 when it passes. A gRPC message is read by the gRPC framework
/// before the service sees it, so a gRPC call whose message has not arrived in time is cut off here (its HTTP/2
/// stream is reset; the connection's other calls go on) and counted.
/// </summary>
public sealed class ReadTimeoutMiddleware(RequestDelegate next, TimeSpan timeout, string transport, ReceiverRefusals refusals, TimeProvider time)
{
    public async Task InvokeAsync(HttpContext context)
    {
        using var deadline = new RequestReadDeadline(timeout, time);
        context.Features.Set(deadline);
        if (!GrpcTrailersOnly.IsGrpc(context.Request))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        await using var expiry = deadline.Token.Register(() =>
        {
            if (deadline.IsBodyRead || context.Response.HasStarted) return;

            // Counted without marking the request (this runs on a timer thread); the request ends aborted, which the
            // counting at the door leaves alone, so it is counted once.
            refusals.Count(transport, RefusalReasons.ReadTimeout, "stream reset",
                $"the message did not arrive within read_timeout ({timeout.TotalSeconds:0.###}s); the call was cut off");
            context.Abort();
        }).ConfigureAwait(false);
        await next(context).ConfigureAwait(false);
    }
}
