namespace Gateway.Otlp.Compression;

/// <summary>
/// Follows the chunk headers of a snappy framed body as it passes: the decoder (Snappier) drops a chunk cut short
/// without an error, so a body that ends inside a chunk is refused here. (The framing format has no end marker: a body
/// cut exactly between two chunks cannot be told from a complete one.)
/// </summary>
internal sealed class SnappyChunkBoundaryStream(Stream inner) : ReadOnlyStream
{
    private const int HeaderLength = 4;
    private readonly byte[] _header = new byte[HeaderLength];
    private int _headerFilled;
    private int _chunkLeft;

    public override int Read(Span<byte> buffer) => Follow(buffer[..inner.Read(buffer)]);

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        return Follow(buffer.Span[..read]);
    }

    private int Follow(ReadOnlySpan<byte> read)
    {
        if (read.IsEmpty)
        {
            if (_headerFilled > 0 || _chunkLeft > 0) throw new InvalidDataException("the body ends inside a snappy chunk (truncated)");
            return 0;
        }

        var count = read.Length;
        while (!read.IsEmpty)
        {
            if (_chunkLeft > 0)
            {
                var skip = Math.Min(_chunkLeft, read.Length);
                _chunkLeft -= skip;
                read = read[skip..];
                continue;
            }

            _header[_headerFilled++] = read[0];
            read = read[1..];
            if (_headerFilled < HeaderLength) continue;
            _chunkLeft = _header[1] | (_header[2] << 8) | (_header[3] << 16);
            _headerFilled = 0;
        }

        return count;
    }
}
