using System.IO.Compression;

namespace Gateway.Otlp.Receivers.Http;

/// <summary>
/// Reads a request body whole, inflating gzip on the way, and stops as soon as the output passes the limit: a gzip
/// bomb is refused after at most limit + 1 bytes of output, never inflated in full.
/// </summary>
public static class RequestBodyReader
{
    public static async Task<PooledBody> ReadAsync(Stream body, bool gzip, long? contentLength, long limit, CancellationToken cancellationToken)
    {
        if (contentLength > limit) throw new RequestBodyTooLargeException(limit);
        var initial = (int)Math.Min(contentLength ?? 16 * 1024, limit);
        if (gzip) initial = (int)Math.Min((long)initial * 4, limit);
        var result = new PooledBody(initial);
        var source = gzip ? new GZipStream(body, CompressionMode.Decompress, leaveOpen: true) : body;
        try
        {
            while (true)
            {
                var read = await source.ReadAsync(result.FreeSpace(limit), cancellationToken).ConfigureAwait(false);
                if (read == 0) return result;
                result.Advance(read);
                if (result.Length > limit) throw new RequestBodyTooLargeException(limit);
            }
        }
        catch (InvalidDataException e)
        {
            result.Dispose();
            throw new OtlpDecodeException($"the body is not valid gzip: {e.Message}", e);
        }
        catch
        {
            result.Dispose();
            throw;
        }
        finally
        {
            if (gzip) await source.DisposeAsync().ConfigureAwait(false);
        }
    }
}
