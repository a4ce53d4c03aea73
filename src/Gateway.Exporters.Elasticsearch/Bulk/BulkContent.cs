using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;

namespace Gateway.Exporters.Elasticsearch.Bulk;

/// <summary>
/// A slice of a <see cref="BulkRequestBody"/> as request content: NDJSON, gzip-compressed while it is written to the
/// connection (no second buffer), or sent as it is with its length.
/// </summary>
public sealed class BulkContent : HttpContent
{
    private static readonly MediaTypeHeaderValue NdJson = new("application/x-ndjson");
    private readonly ReadOnlyMemory<byte> _body;
    private readonly bool _gzip;

    public BulkContent(ReadOnlyMemory<byte> body, bool gzip)
    {
        _body = body;
        _gzip = gzip;
        Headers.ContentType = NdJson;
        if (gzip) Headers.ContentEncoding.Add("gzip");
    }

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        if (!_gzip)
        {
            await stream.WriteAsync(_body, cancellationToken);
            return;
        }

        await using var gzip = new GZipStream(stream, CompressionLevel.Fastest, leaveOpen: true);
        await gzip.WriteAsync(_body, cancellationToken);
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override bool TryComputeLength(out long length)
    {
        length = _body.Length;
        return !_gzip;
    }
}
