using System.IO.Compression;
using System.Numerics;
using K4os.Compression.LZ4.Streams;
using ZstdSharp.Unsafe;

namespace Gateway.Otlp.Compression;

/// <summary>Opens the decompressing view of a body in one of the accepted encodings, for the HTTP reader and the gRPC decompression providers alike.</summary>
internal static class BodyDecoder
{
    /// <param name="subject">"body" or "message", for the error text.</param>
    public static DecodingStream Open(BodyEncoding encoding, Stream compressed, long limit, string subject)
    {
        switch (encoding)
        {
            case BodyEncoding.Gzip:
            {
                var tail = new TailKeepingStream(compressed, GzipEndCheck.TrailerLength);
                return new DecodingStream(new GZipStream(tail, CompressionMode.Decompress, leaveOpen: true), encoding, limit, new GzipEndCheck(tail), subject);
            }

            case BodyEncoding.Deflate:
            {
                var tail = new TailKeepingStream(compressed, ZlibEndCheck.TrailerLength);
                return new DecodingStream(new ZLibStream(tail, CompressionMode.Decompress, leaveOpen: true), encoding, limit, new ZlibEndCheck(tail), subject);
            }

            case BodyEncoding.Zstd:
            {
                var zstd = new ZstdSharp.DecompressionStream(compressed, leaveOpen: true);
                // A frame may ask for a window of up to 2 GiB, allocated before any output. Streaming encoders (the
                // collector's among them) announce 8 MiB whatever the body's size, so that much is always allowed;
                // past it, no window larger than the largest body accepted, and never more than zstd's default 128 MiB.
                zstd.SetParameter(ZSTD_dParameter.ZSTD_d_windowLogMax, WindowLog(limit));
                return new DecodingStream(zstd, encoding, limit, end: null, subject);
            }

            case BodyEncoding.Lz4:
                return new DecodingStream(LZ4Stream.Decode(compressed, extraMemory: 0, leaveOpen: true), encoding, limit, end: null, subject);
            case BodyEncoding.Snappy:
            case BodyEncoding.SnappyFramed:
                return new DecodingStream(new SnappyBodyStream(compressed, encoding == BodyEncoding.SnappyFramed, limit), encoding, limit, end: null, subject);
            default:
                throw new ArgumentOutOfRangeException(nameof(encoding), encoding, "identity bodies are read as they are");
        }
    }

    /// <summary>log2 of the limit, rounded up, between 23 (8 MiB) and 27 (128 MiB).</summary>
    private static int WindowLog(long limit) => Math.Clamp(64 - BitOperations.LeadingZeroCount((ulong)Math.Max(limit - 1, 1)), 23, 27);
}
