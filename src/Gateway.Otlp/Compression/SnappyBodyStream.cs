using System.Buffers;
using System.IO.Compression;
using Gateway.Otlp.Receivers.Http;
using Snappier;

namespace Gateway.Otlp.Compression;

/// <summary>
/// A snappy body, in either of its two formats, as the collector reads <c>snappy</c>: the framing format when the body
/// starts with its stream identifier, else the block format. A block states its decompressed length up front, so one
/// past the limit is refused before anything is decompressed; a block is decoded whole (its length bounded by the
/// limit), the framing format chunk by chunk.
/// </summary>
internal sealed class SnappyBodyStream(Stream input, bool framedOnly, long limit) : ReadOnlyStream
{
    private const int IdentifierLength = 10;

    private Stream? _decoded;
    private byte[]? _block;

    private static ReadOnlySpan<byte> StreamIdentifier => [0xff, 0x06, 0x00, 0x00, (byte)'s', (byte)'N', (byte)'a', (byte)'P', (byte)'p', (byte)'Y'];

    public override int Read(Span<byte> buffer)
    {
        // Synchronous reads come from gRPC, whose message is already in memory: starting cannot block on the network.
        if (_decoded is null) StartAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();
        return _decoded!.Read(buffer);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_decoded is null) await StartAsync(cancellationToken).ConfigureAwait(false);
        return await _decoded!.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _decoded?.Dispose();
            if (Interlocked.Exchange(ref _block, null) is { } block) ArrayPool<byte>.Shared.Return(block);
        }

        base.Dispose(disposing);
    }

    private async ValueTask StartAsync(CancellationToken cancellationToken)
    {
        var start = new byte[IdentifierLength];
        var got = await input.ReadAtLeastAsync(start, IdentifierLength, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        if (got == IdentifierLength && start.AsSpan().SequenceEqual(StreamIdentifier))
        {
            _decoded = new SnappyStream(new SnappyChunkBoundaryStream(new PrefixedStream(start, input)), CompressionMode.Decompress, leaveOpen: true);
            return;
        }

        if (framedOnly) throw new InvalidDataException("the body does not start with the snappy stream identifier (ff 06 00 00 73 4e 61 50 70 59) of the framing format");
        await DecodeBlockAsync(start.AsMemory(0, got), cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask DecodeBlockAsync(ReadOnlyMemory<byte> start, CancellationToken cancellationToken)
    {
        if (!TryReadLength(start.Span, out var declared)) throw new InvalidDataException("the body does not start with the length of a snappy block");
        if (declared > limit) throw new RequestBodyTooLargeException(limit);
        var length = (int)declared;
        var bound = Snappy.GetMaxCompressedLength(length);
        var compressed = ArrayPool<byte>.Shared.Rent(bound + 1);
        try
        {
            start.CopyTo(compressed);
            var total = start.Length + await input.ReadAtLeastAsync(compressed.AsMemory(start.Length, bound + 1 - start.Length), bound + 1 - start.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            if (total > bound) throw new InvalidDataException($"the body is longer than any snappy block of {length} bytes can be");
            _block = ArrayPool<byte>.Shared.Rent(length);
            var written = Snappy.Decompress(compressed.AsSpan(0, total), _block.AsSpan(0, length));
            _decoded = new MemoryStream(_block, 0, written, writable: false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(compressed);
        }
    }

    /// <summary>The block's leading varint (at most five bytes: a 32-bit length).</summary>
    private static bool TryReadLength(ReadOnlySpan<byte> start, out long length)
    {
        length = 0;
        for (var i = 0; i < Math.Min(start.Length, 5); i++)
        {
            length |= (long)(start[i] & 0x7f) << (7 * i);
            if ((start[i] & 0x80) == 0) return true;
        }

        return false;
    }
}
