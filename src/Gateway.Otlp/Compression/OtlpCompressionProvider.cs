using System.IO.Compression;
using Grpc.Core;
using Grpc.Net.Compression;

namespace Gateway.Otlp.Compression;

/// <summary>
/// A grpc-encoding for Grpc.AspNetCore (receiving) and Grpc.Net.Client (sending). Grpc.AspNetCore's own gzip and
/// deflate accept a message cut short as if it were whole (a gzip member missing its last bytes inflates quietly to
/// a prefix, answered OK) and know no zstd; here every message is checked as over HTTP: decompression stops at the
/// limit (RESOURCE_EXHAUSTED naming max_request_body_size), a damaged or cut-off message is INVALID_ARGUMENT naming
/// the encoding.
/// </summary>
public sealed class OtlpCompressionProvider : ICompressionProvider
{
    private readonly BodyEncoding _encoding;
    private readonly long _limit;

    /// <param name="limit">The most bytes a message may decompress to.</param>
    public OtlpCompressionProvider(BodyEncoding encoding, long limit)
    {
        if (encoding is not (BodyEncoding.Gzip or BodyEncoding.Zstd or BodyEncoding.Deflate)) throw new ArgumentOutOfRangeException(nameof(encoding), encoding, "gRPC messages are gzip, zstd or deflate");
        _encoding = encoding;
        _limit = limit;
        EncodingName = encoding switch
        {
            BodyEncoding.Gzip => "gzip",
            BodyEncoding.Zstd => "zstd",
            _ => "deflate",
        };
    }

    public string EncodingName { get; }

    /// <summary>The providers a receiver registers, each bounded by <paramref name="limit"/>.</summary>
    public static IList<ICompressionProvider> All(long limit) =>
        [new OtlpCompressionProvider(BodyEncoding.Gzip, limit), new OtlpCompressionProvider(BodyEncoding.Zstd, limit), new OtlpCompressionProvider(BodyEncoding.Deflate, limit)];

    public Stream CreateCompressionStream(Stream stream, CompressionLevel? compressionLevel) => BodyEncoder.Open(_encoding, stream, compressionLevel ?? CompressionLevel.Fastest);

    public Stream CreateDecompressionStream(Stream stream) => new GrpcDecodingStream(BodyDecoder.Open(_encoding, stream, _limit, "message"), _limit);
}
