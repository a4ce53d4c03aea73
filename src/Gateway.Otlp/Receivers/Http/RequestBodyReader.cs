using Gateway.Otlp.Compression;

namespace Gateway.Otlp.Receivers.Http;

/// <summary>
/// Reads a request body whole, decompressing it on the way (see <see cref="BodyEncoding"/>), and stops as soon as the
/// output passes the limit: a compression bomb is refused after at most limit + 1 bytes of output, never inflated in
/// full. A body cut short or damaged is an <see cref="OtlpDecodeException"/> that names its encoding.
/// </summary>
public static class RequestBodyReader
{
    public static async Task<PooledBody> ReadAsync(Stream body, BodyEncoding encoding, long? contentLength, long limit, CancellationToken cancellationToken)
    {
        if (contentLength > limit) throw new RequestBodyTooLargeException(limit);
        var initial = (int)Math.Min(contentLength ?? 16 * 1024, limit);
        if (encoding != BodyEncoding.Identity) initial = (int)Math.Min((long)initial * 4, limit);
        var result = new PooledBody(initial);
        var source = encoding == BodyEncoding.Identity ? body : BodyDecoder.Open(encoding, body, limit, "body");
        try
        {
            while (true)
            {
                var read = await source.ReadAsync(result.FreeSpace(limit), cancellationToken).ConfigureAwait(false);
                if (read == 0) break;
                result.Advance(read);
                if (result.Length > limit) throw new RequestBodyTooLargeException(limit);
            }

            return result;
        }
        catch
        {
            result.Dispose();
            throw;
        }
        finally
        {
            if (source != body) await source.DisposeAsync().ConfigureAwait(false);
        }
    }
}
