using System.Text;
using Google.Protobuf;
using Microsoft.AspNetCore.Http;

namespace Gateway.Otlp.Receivers.Http;

/// <summary>Writes OTLP/HTTP answers: messages (the response, a google.rpc.Status) in the request's encoding, else text.</summary>
public static class OtlpHttpResponses
{
    private static readonly JsonFormatter Json = new(JsonFormatter.Settings.Default);

    public static Task WriteMessageAsync(HttpResponse response, int statusCode, IMessage message, OtlpEncoding encoding)
    {
        response.StatusCode = statusCode;
        response.ContentType = OtlpContentTypes.Of(encoding);
        var bytes = encoding == OtlpEncoding.Json ? Encoding.UTF8.GetBytes(Json.Format(message)) : message.ToByteArray();
        response.ContentLength = bytes.Length;
        return response.Body.WriteAsync(bytes, 0, bytes.Length, CancellationToken.None);
    }

    /// <summary>An error as the collector gives it: a google.rpc.Status with the gRPC code matching the HTTP status.</summary>
    public static Task WriteStatusAsync(HttpResponse response, int statusCode, global::Grpc.Core.StatusCode code, string message, OtlpEncoding encoding) =>
        WriteMessageAsync(response, statusCode, new Proto.Rpc.Status { Code = (int)code, Message = message }, encoding);

    /// <summary>For answers given before the encoding is known (405, 415), plain text as the collector does.</summary>
    public static Task WriteTextAsync(HttpResponse response, int statusCode, string text)
    {
        response.StatusCode = statusCode;
        response.ContentType = "text/plain; charset=utf-8";
        return response.WriteAsync(text, CancellationToken.None);
    }
}
