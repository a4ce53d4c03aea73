namespace Gateway.Otlp.Compression;

/// <summary>Content-Encoding names and the text a client is told when it sends one the gateway does not know.</summary>
public static class BodyEncodings
{
    /// <summary>What an OTLP/HTTP client may send, for the 415 answer.</summary>
    public const string HttpAccepted = "gzip, zstd, deflate (zlib), snappy, x-snappy-framed, lz4, or no Content-Encoding";

    /// <summary>What an OTLP/gRPC client may send in grpc-encoding.</summary>
    public static readonly string[] GrpcAccepted = ["gzip", "zstd", "deflate"];

    /// <summary>
    /// The encoding a Content-Encoding header names, case-insensitively; an absent, empty or <c>identity</c> header is
    /// <see cref="BodyEncoding.Identity"/>. Throws <see cref="UnsupportedContentEncodingException"/> for anything else,
    /// a list of codings included (no OTLP client stacks them).
    /// </summary>
    public static BodyEncoding ParseContentEncoding(string? header)
    {
        var name = header.AsSpan().Trim();
        if (name.IsEmpty || name.Equals("identity", StringComparison.OrdinalIgnoreCase)) return BodyEncoding.Identity;
        if (name.Equals("gzip", StringComparison.OrdinalIgnoreCase) || name.Equals("x-gzip", StringComparison.OrdinalIgnoreCase)) return BodyEncoding.Gzip;
        if (name.Equals("zstd", StringComparison.OrdinalIgnoreCase)) return BodyEncoding.Zstd;
        if (name.Equals("deflate", StringComparison.OrdinalIgnoreCase) || name.Equals("zlib", StringComparison.OrdinalIgnoreCase)) return BodyEncoding.Deflate;
        if (name.Equals("snappy", StringComparison.OrdinalIgnoreCase)) return BodyEncoding.Snappy;
        if (name.Equals("x-snappy-framed", StringComparison.OrdinalIgnoreCase)) return BodyEncoding.SnappyFramed;
        if (name.Equals("lz4", StringComparison.OrdinalIgnoreCase)) return BodyEncoding.Lz4;
        throw new UnsupportedContentEncodingException(header!);
    }

    /// <summary>The name used in messages, as a client writes it.</summary>
    public static string NameOf(BodyEncoding encoding) => encoding switch
    {
        BodyEncoding.Gzip => "gzip",
        BodyEncoding.Zstd => "zstd",
        BodyEncoding.Deflate => "deflate (zlib)",
        BodyEncoding.Snappy => "snappy",
        BodyEncoding.SnappyFramed => "x-snappy-framed",
        BodyEncoding.Lz4 => "lz4",
        _ => "identity",
    };
}
