using System.IO.Compression;
using K4os.Compression.LZ4.Streams;

namespace Gateway.Testing.Otlp;

/// <summary>
/// Each accepted Content-Encoding produced by its own library's encoder, as a collector or SDK would send it (with the
/// checksums those senders write by default), and the hostile bodies a receiver must refuse.
/// </summary>
public static class Codecs
{
    /// <summary>The names tests iterate over; "snappy" is the block format, "snappy (framed)" the framing format sent as snappy.</summary>
    public static readonly string[] HttpEncodings = ["gzip", "zstd", "deflate", "snappy", "snappy (framed)", "x-snappy-framed", "lz4"];

    /// <summary>The Content-Encoding header for a name of <see cref="HttpEncodings"/>.</summary>
    public static string Header(string encoding) => encoding == "snappy (framed)" ? "snappy" : encoding;

    /// <summary>The name the gateway's messages use for it.</summary>
    public static string Named(string encoding) => encoding switch
    {
        "deflate" => "deflate (zlib)",
        "snappy (framed)" => "snappy",
        _ => encoding,
    };

    public static byte[] Encode(string encoding, ReadOnlySpan<byte> data)
    {
        if (encoding == "snappy") return Snappier.Snappy.CompressToArray(data);
        using var output = new MemoryStream();
        using (var encoder = Encoder(encoding, output)) encoder.Write(data);
        return output.ToArray();
    }

    /// <summary>The body cut short: <paramref name="keep"/> bytes of it (negative: all but that many).</summary>
    public static byte[] Truncated(byte[] body, int keep) => keep >= 0 ? body[..keep] : body[..^-keep];

    /// <summary>
    /// One byte flipped inside the compressed data (for the snappy block format, which has no checksum, in its length
    /// header, so the data no longer fits what it declares).
    /// </summary>
    public static byte[] Corrupted(string encoding, byte[] body)
    {
        var copy = (byte[])body.Clone();
        copy[encoding == "snappy" ? 0 : copy.Length / 2] ^= 0x55;
        return copy;
    }

    private static Stream Encoder(string encoding, Stream output) => encoding switch
    {
        "gzip" => new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true),
        "deflate" => new ZLibStream(output, CompressionLevel.Fastest, leaveOpen: true),
        "zstd" => Zstd(output),
        "snappy (framed)" or "x-snappy-framed" => new Snappier.SnappyStream(output, CompressionMode.Compress, leaveOpen: true),
        "lz4" => LZ4Stream.Encode(output, new LZ4EncoderSettings { ContentChecksum = true, BlockChecksum = true }, leaveOpen: true),
        _ => throw new ArgumentOutOfRangeException(nameof(encoding), encoding, "not an encoding the gateway accepts"),
    };

    private static ZstdSharp.CompressionStream Zstd(Stream output)
    {
        var zstd = new ZstdSharp.CompressionStream(output, level: 1, leaveOpen: true);
        // The collector's and Go's zstd encoders write the frame checksum by default.
        zstd.SetParameter(ZstdSharp.Unsafe.ZSTD_cParameter.ZSTD_c_checksumFlag, 1);
        return zstd;
    }
}
