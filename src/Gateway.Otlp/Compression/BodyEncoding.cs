namespace Gateway.Otlp.Compression;

/// <summary>A request body's compression, as the collector's receivers accept them (Content-Encoding, grpc-encoding).</summary>
public enum BodyEncoding : byte
{
    Identity,
    Gzip,
    Zstd,

    /// <summary>HTTP's <c>deflate</c>, which RFC 9110 defines as the zlib format (RFC 1950); the collector reads <c>zlib</c> the same.</summary>
    Deflate,

    /// <summary><c>snappy</c>: the block format, or the framing format when the body starts with its stream identifier (the collector does the same).</summary>
    Snappy,

    /// <summary><c>x-snappy-framed</c>: the snappy framing format only.</summary>
    SnappyFramed,

    /// <summary><c>lz4</c>: the LZ4 frame format.</summary>
    Lz4,
}
