using System.IO.Compression;
using System.Net;

namespace Gateway.Exporters.Elasticsearch.Transport;

/// <summary>
/// A request body gzipped at <see cref="CompressionLevel.Fastest"/> while it is written to the connection: no second
/// buffer, the inner content's headers kept, <c>Content-Encoding: gzip</c> added.
/// </summary>
internal sealed class FastGzipContent : HttpContent
{
    private readonly HttpContent _inner;

    public FastGzipContent(HttpContent inner)
    {
        _inner = inner;
        foreach (var (name, values) in inner.Headers) Headers.TryAddWithoutValidation(name, values);
        Headers.ContentLength = null;
        Headers.ContentEncoding.Add("gzip");
    }

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        await using var gzip = new GZipStream(stream, CompressionLevel.Fastest, leaveOpen: true);
        await _inner.CopyToAsync(gzip, cancellationToken).ConfigureAwait(false);
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override void SerializeToStream(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        using var gzip = new GZipStream(stream, CompressionLevel.Fastest, leaveOpen: true);
        _inner.CopyTo(gzip, context, cancellationToken);
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _inner.Dispose();
        base.Dispose(disposing);
    }
}
