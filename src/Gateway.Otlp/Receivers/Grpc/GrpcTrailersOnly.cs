using Grpc.Core;
using Microsoft.AspNetCore.Http;

namespace Gateway.Otlp.Receivers.Grpc;

/// <summary>
/// Answers a gRPC call from middleware, before any gRPC machinery ran: a trailers-only response (HTTP 200, status in
/// the headers, no body), which every gRPC client reads as the call's final status.
/// </summary>
public static class GrpcTrailersOnly
{
    public static bool IsGrpc(HttpRequest request) => request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true;

    public static void Write(HttpResponse response, StatusCode status, string message)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/grpc";
        response.Headers["grpc-status"] = ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture);
        response.Headers["grpc-message"] = Uri.EscapeDataString(message);
    }
}
