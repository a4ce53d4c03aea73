using System.IO.Compression;

namespace Gateway.Otlp.Compression;

/// <summary>Compressing streams for what the gateway sends (the OTLP exporters' bodies and messages).</summary>
public static class BodyEncoder
{
    /// <summary>A stream that compresses into <paramref name="output"/> (left open); dispose it to finish the body.</summary>
    public static Stream Open(BodyEncoding encoding, Stream output, CompressionLevel level) => encoding switch
    {
        BodyEncoding.Gzip => new GZipStream(output, level, leaveOpen: true),
        BodyEncoding.Deflate => new ZLibStream(output, level, leaveOpen: true),
        BodyEncoding.Zstd => new ZstdSharp.CompressionStream(output, ZstdLevel(level), leaveOpen: true),
        _ => throw new ArgumentOutOfRangeException(nameof(encoding), encoding, "the gateway sends gzip, zstd or deflate"),
    };

    private static int ZstdLevel(CompressionLevel level) => level switch
    {
        CompressionLevel.NoCompression or CompressionLevel.Fastest => 1,
        CompressionLevel.SmallestSize => 19,
        _ => 3,
    };
}
