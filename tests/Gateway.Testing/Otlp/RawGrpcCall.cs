using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;

namespace Gateway.Testing.Otlp;

/// <summary>
/// One unary gRPC call written by hand over HTTP/2, for what a gRPC library will not send: a message marked compressed
/// whose bytes are damaged or cut short, or an encoding the library has no provider for.
/// </summary>
public static class RawGrpcCall
{
    public const string ExportMethod = "opentelemetry.proto.collector.logs.v1.LogsService/Export";

    /// <summary>The call's status: code, message, and the grpc-accept-encoding the server announced.</summary>
    public readonly record struct Outcome(string Status, string Message, string? AcceptEncoding);

    /// <param name="grpcEncoding">The grpc-encoding header; when set, the message is flagged compressed and sent as given.</param>
    public static async Task<Outcome> SendAsync(Uri grpcEndpoint, byte[] message, string? grpcEncoding = null, string method = ExportMethod)
    {
        var framed = new byte[5 + message.Length];
        framed[0] = grpcEncoding is null ? (byte)0 : (byte)1;
        BinaryPrimitives.WriteUInt32BigEndian(framed.AsSpan(1), (uint)message.Length);
        message.CopyTo(framed, 5);
        var content = new ByteArrayContent(framed);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(grpcEndpoint, method))
        {
            Content = content,
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Headers.TryAddWithoutValidation("te", "trailers");
        if (grpcEncoding is not null) request.Headers.TryAddWithoutValidation("grpc-encoding", grpcEncoding);

        using var client = new HttpClient();
        using var response = await client.SendAsync(request).ConfigureAwait(false);
        await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
        return new Outcome(Field(response, "grpc-status") ?? "(none)", Uri.UnescapeDataString(Field(response, "grpc-message") ?? ""), Field(response, "grpc-accept-encoding"));
    }

    /// <summary>In the trailers, or in the headers of a trailers-only answer.</summary>
    private static string? Field(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var inHeaders) ? inHeaders.First()
        : response.TrailingHeaders.TryGetValues(name, out var inTrailers) ? inTrailers.First() : null;
}
