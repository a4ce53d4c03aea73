namespace Gateway.Otlp.Receivers.Http;

/// <summary>
/// Passes a compressed body through while keeping its last 8 bytes, the gzip trailer (CRC-32 and length of the
/// original data): .NET's GZipStream ends quietly on a truncated body, so the reader checks the trailer itself.
/// </summary>
internal sealed class GzipTrailerStream(Stream inner) : Stream
{
    public const int TrailerLength = 8;
    private readonly byte[] _tail = new byte[TrailerLength];

    public long BytesRead { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

    /// <summary>The last 8 bytes read, oldest first; meaningful once at least 8 bytes went through.</summary>
    public ReadOnlySpan<byte> Trailer => _tail;

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        Keep(buffer[..read]);
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        Keep(buffer.Span[..read]);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private void Keep(ReadOnlySpan<byte> chunk)
    {
        BytesRead += chunk.Length;
        if (chunk.Length >= TrailerLength)
        {
            chunk[^TrailerLength..].CopyTo(_tail);
            return;
        }

        // Shift the kept bytes left and append the short chunk.
        _tail.AsSpan(chunk.Length).CopyTo(_tail);
        chunk.CopyTo(_tail.AsSpan(TrailerLength - chunk.Length));
    }
}
