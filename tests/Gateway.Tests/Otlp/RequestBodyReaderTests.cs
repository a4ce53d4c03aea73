using System.IO.Compression;
using Gateway.Otlp.Receivers;
using Gateway.Otlp.Receivers.Http;

namespace Gateway.Tests.Otlp;

public sealed class RequestBodyReaderTests
{
    private const long Limit = 1024 * 1024;

    [Fact]
    public async Task AGzipBombIsRefusedAfterReadingOnlyTheStartOfIt()
    {
        var bomb = Gzip(new byte[256 * 1024 * 1024]);
        using var source = new MemoryStream(bomb);

        await Assert.ThrowsAsync<RequestBodyTooLargeException>(() => RequestBodyReader.ReadAsync(source, gzip: true, bomb.Length, Limit, CancellationToken.None));

        // 256 MiB of output needs all of the compressed bytes; stopping at the limit needs a small share of them.
        Assert.True(source.Position < bomb.Length / 10, $"read {source.Position} of {bomb.Length} compressed bytes");
    }

    [Fact]
    public async Task ADeclaredLengthPastTheLimitIsRefusedBeforeReading()
    {
        using var source = new MemoryStream(new byte[16]);
        await Assert.ThrowsAsync<RequestBodyTooLargeException>(() => RequestBodyReader.ReadAsync(source, gzip: false, Limit + 1, Limit, CancellationToken.None));
        Assert.Equal(0, source.Position);
    }

    [Fact]
    public async Task ABodyOfExactlyTheLimitIsReadWhole()
    {
        var data = new byte[Limit];
        data[^1] = 7;
        using var body = await RequestBodyReader.ReadAsync(new MemoryStream(Gzip(data)), gzip: true, null, Limit, CancellationToken.None);
        Assert.Equal(Limit, body.Length);
        Assert.Equal(7, body.Span[^1]);
    }

    [Theory]
    [InlineData(6)]
    [InlineData(-4)]
    [InlineData(-12)]
    public async Task TruncatedGzipIsADecodeError(int cut)
    {
        var random = new Random(7);
        var data = new byte[64 * 1024];
        random.NextBytes(data);
        var gzip = Gzip(data);
        var truncated = cut > 0 ? gzip[..cut] : gzip[..^-cut];
        var error = await Assert.ThrowsAsync<OtlpDecodeException>(() => RequestBodyReader.ReadAsync(new MemoryStream(truncated), gzip: true, null, Limit, CancellationToken.None));
        Assert.Contains("not valid gzip", error.Message, StringComparison.Ordinal);
    }

    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal)) gzip.Write(data);
        return output.ToArray();
    }
}
