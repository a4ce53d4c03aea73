using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;

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
        var compressed = gzip ? new GzipTrailerStream(body) : null;
        var source = compressed is null ? body : new GZipStream(compressed, CompressionMode.Decompress, leaveOpen: true);
        try
        {
            while (true)
            {
                var read = await source.ReadAsync(result.FreeSpace(limit), cancellationToken).ConfigureAwait(false);
                if (read == 0) break;
                result.Advance(read);
                if (result.Length > limit) throw new RequestBodyTooLargeException(limit);
            }

            if (compressed is not null) CheckTrailer(compressed, result.Span);
            return result;
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

    /// <summary>
    /// A cut-off body inflates to a prefix of the data without any error, so the trailer's CRC-32 and length must
    /// match what came out. (A body of several concatenated gzip members, which HTTP clients do not send, fails this.)
    /// </summary>
    private static void CheckTrailer(GzipTrailerStream compressed, ReadOnlySpan<byte> output)
    {
        const int MinimumGzipLength = 10 + GzipTrailerStream.TrailerLength;
        if (compressed.BytesRead < MinimumGzipLength) throw new InvalidDataException($"only {compressed.BytesRead} bytes, a gzip body has at least {MinimumGzipLength}");
        var trailer = compressed.Trailer;
        var crc = BinaryPrimitives.ReadUInt32LittleEndian(trailer);
        var length = BinaryPrimitives.ReadUInt32LittleEndian(trailer[4..]);
        if (length != (uint)output.Length || crc != Crc32.HashToUInt32(output))
        {
            throw new InvalidDataException("the body is truncated or corrupt (its CRC-32 and length do not match the data)");
        }
    }
}
