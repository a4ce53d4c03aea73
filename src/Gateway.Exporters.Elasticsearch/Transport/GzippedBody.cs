using System.Collections.Specialized;
using System.IO.Compression;
using Elastic.Transport;

namespace Gateway.Exporters.Elasticsearch.Transport;

/// <summary>
/// A prebuilt body gzipped at <see cref="CompressionLevel.Fastest"/> while the client writes it to the connection.
/// The client's own request compression is fixed at <c>CompressionLevel.Optimal</c> (zlib 6), which cost about 20% more
/// CPU per record on the bulk path than the fastest level (zlib 1, nearly as small for NDJSON), and its global setting
/// overrides any per-request one: so the client's compression is off, the body compresses itself here, and
/// <see cref="RequestCompressionHandler"/> labels it <c>Content-Encoding: gzip</c> (the client only sets request
/// headers, and Content-Encoding is a content header).
/// </summary>
public static class GzippedBody
{
    /// <summary>Asks <see cref="RequestCompressionHandler"/> to label the body gzip; never leaves the process.</summary>
    public const string MarkerHeader = "X-Gateway-Body-Gzipped";

    public static NameValueCollection MarkerHeaders() => new() { [MarkerHeader] = "true" };

    /// <summary>Written straight into the gzip stream: GZipStream hands the connection its own array-backed chunks, so nothing is copied.</summary>
    public static PostData Of(ReadOnlyMemory<byte> body) => PostData.StreamHandler(body, WriteGzip, WriteGzipAsync);

    private static void WriteGzip(ReadOnlyMemory<byte> body, Stream stream)
    {
        using var gzip = new GZipStream(stream, CompressionLevel.Fastest, leaveOpen: true);
        gzip.Write(body.Span);
    }

    private static async Task WriteGzipAsync(ReadOnlyMemory<byte> body, Stream stream, CancellationToken cancellationToken)
    {
        await using var gzip = new GZipStream(stream, CompressionLevel.Fastest, leaveOpen: true);
        await gzip.WriteAsync(body, cancellationToken).ConfigureAwait(false);
    }
}
