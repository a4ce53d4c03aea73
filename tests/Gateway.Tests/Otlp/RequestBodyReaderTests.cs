using System.IO.Compression;
using Gateway.Otlp.Compression;
using Gateway.Otlp.Receivers;
using Gateway.Otlp.Receivers.Http;
using Gateway.Testing.Otlp;

namespace Gateway.Tests.Otlp;

public sealed class RequestBodyReaderTests
{
    private const long Limit = 1024 * 1024;

    // Compressible and incompressible halves, so every codec emits literals and back-references.
    private static readonly byte[] Data = MakeData();

    // 64 MiB of zeros: a few KiB to a few MiB once compressed, 64 times the limit once inflated.
    private static readonly byte[] Zeros = new byte[64 * 1024 * 1024];

    public static TheoryData<string> Encodings => new(Codecs.HttpEncodings);

    [Theory]
    [MemberData(nameof(Encodings))]
    public async Task ABodyEncodedByTheCodecsOwnEncoderIsReadBackExactly(string encoding)
    {
        using var body = await ReadAsync(encoding, Codecs.Encode(encoding, Data));
        Assert.True(body.Span.SequenceEqual(Data));
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public async Task ABombIsRefusedAfterReadingOnlyTheStartOfIt(string encoding)
    {
        var bomb = Codecs.Encode(encoding, Zeros);
        using var source = new MemoryStream(bomb);

        await Assert.ThrowsAsync<RequestBodyTooLargeException>(() => RequestBodyReader.ReadAsync(source, Parse(encoding), bomb.Length, Limit, CancellationToken.None));

        // 64 MiB of output needs all of the compressed bytes; stopping at the limit needs a small share of them.
        Assert.True(source.Position < bomb.Length / 10 + 64 * 1024, $"read {source.Position} of {bomb.Length} compressed bytes");
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public async Task ABodyOfExactlyTheLimitIsReadWhole(string encoding)
    {
        var data = new byte[Limit];
        data[^1] = 7;
        using var body = await ReadAsync(encoding, Codecs.Encode(encoding, data));
        Assert.Equal(Limit, body.Length);
        Assert.Equal(7, body.Span[^1]);
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public async Task ABodyCutShortIsADecodeErrorNamingTheEncoding(string encoding)
    {
        var encoded = Codecs.Encode(encoding, Data);
        foreach (var keep in new[] { 6, encoded.Length / 2, -1, -4, -12 })
        {
            var error = await Assert.ThrowsAsync<OtlpDecodeException>(() => ReadAsync(encoding, Codecs.Truncated(encoded, keep)));
            Assert.Contains($"not valid {Codecs.Named(encoding)}", error.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public async Task ADamagedBodyIsADecodeErrorNamingTheEncoding(string encoding)
    {
        var error = await Assert.ThrowsAsync<OtlpDecodeException>(() => ReadAsync(encoding, Codecs.Corrupted(encoding, Codecs.Encode(encoding, Data))));
        Assert.Contains($"not valid {Codecs.Named(encoding)}", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public async Task AnUncompressedBodyLabelledWithAnEncodingIsADecodeErrorNamingIt(string encoding)
    {
        var error = await Assert.ThrowsAsync<OtlpDecodeException>(() => ReadAsync(encoding, Data[..5000]));
        Assert.Contains($"not valid {Codecs.Named(encoding)}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASnappyBlockDeclaringMoreThanTheLimitIsRefusedBeforeItsDataIsRead()
    {
        // A varint length of 2 GiB, then data that never needs to be read.
        var body = new byte[1024 * 1024];
        new byte[] { 0x80, 0x80, 0x80, 0x80, 0x08 }.CopyTo(body, 0);
        using var source = new MemoryStream(body);

        await Assert.ThrowsAsync<RequestBodyTooLargeException>(() => RequestBodyReader.ReadAsync(source, BodyEncoding.Snappy, null, Limit, CancellationToken.None));

        Assert.True(source.Position <= 16, $"read {source.Position} bytes");
    }

    [Fact]
    public async Task RawDeflateIsNotZlibAndTheAnswerSaysSo()
    {
        using var output = new MemoryStream();
        using (var raw = new DeflateStream(output, CompressionLevel.Fastest)) raw.Write(Data);

        var error = await Assert.ThrowsAsync<OtlpDecodeException>(() => ReadAsync("deflate", output.ToArray()));

        Assert.Contains("not valid deflate (zlib)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AZstdFrameAskingForAWindowLargerThanTheLimitIsRefusedBeforeItIsAllocated()
    {
        // Compressed with a 128 MiB window (long-distance mode): decoding it would reserve that window first.
        using var output = new MemoryStream();
        using (var zstd = new ZstdSharp.CompressionStream(output, level: 1, leaveOpen: true))
        {
            zstd.SetParameter(ZstdSharp.Unsafe.ZSTD_cParameter.ZSTD_c_windowLog, 27);
            zstd.SetParameter(ZstdSharp.Unsafe.ZSTD_cParameter.ZSTD_c_enableLongDistanceMatching, 1);
            zstd.Write(Zeros.AsSpan(0, 2 * 1024 * 1024));
        }

        var error = await Assert.ThrowsAsync<OtlpDecodeException>(() => ReadAsync("zstd", output.ToArray()));

        Assert.Contains("not valid zstd: Frame requires too much memory", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADeclaredLengthPastTheLimitIsRefusedBeforeReading()
    {
        using var source = new MemoryStream(new byte[16]);
        await Assert.ThrowsAsync<RequestBodyTooLargeException>(() => RequestBodyReader.ReadAsync(source, BodyEncoding.Identity, Limit + 1, Limit, CancellationToken.None));
        Assert.Equal(0, source.Position);
    }

    [Theory]
    [InlineData("br")]
    [InlineData("gzip, zstd")]
    [InlineData("compress")]
    public void AContentEncodingTheGatewayCannotDecodeIsRefusedNamingTheAcceptedOnes(string header)
    {
        var error = Assert.Throws<UnsupportedContentEncodingException>(() => BodyEncodings.ParseContentEncoding(header));
        Assert.Contains("gzip, zstd, deflate (zlib), snappy, x-snappy-framed, lz4", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, BodyEncoding.Identity)]
    [InlineData("identity", BodyEncoding.Identity)]
    [InlineData("GZIP", BodyEncoding.Gzip)]
    [InlineData("zlib", BodyEncoding.Deflate)]
    [InlineData(" zstd ", BodyEncoding.Zstd)]
    public void ContentEncodingsAreReadAsTheCollectorReadsThem(string? header, BodyEncoding expected) =>
        Assert.Equal(expected, BodyEncodings.ParseContentEncoding(header));

    private static Task<PooledBody> ReadAsync(string encoding, byte[] body) =>
        RequestBodyReader.ReadAsync(new MemoryStream(body), Parse(encoding), null, Limit, CancellationToken.None);

    private static BodyEncoding Parse(string encoding) => BodyEncodings.ParseContentEncoding(Codecs.Header(encoding));

    private static byte[] MakeData()
    {
        var data = new byte[200_000];
        new Random(7).NextBytes(data.AsSpan(0, 100_000));
        for (var i = 100_000; i < data.Length; i++) data[i] = (byte)"the quick brown fox "[i % 20];
        return data;
    }
}
