namespace Gateway.Otlp.Compression;

/// <summary>
/// Passes a compressed body through while keeping its last bytes, the format's trailer (gzip: CRC-32 and length;
/// zlib: Adler-32): .NET's GZipStream and ZLibStream end quietly on a truncated body, so the reader checks the
/// trailer itself.
/// </summary>
internal sealed class TailKeepingStream(Stream inner, int tailLength) : ReadOnlyStream
{
    private readonly byte[] _tail = new byte[tailLength];

    public long BytesRead { get; private set; }

    /// <summary>The last bytes read, oldest first; meaningful once at least that many went through.</summary>
    public ReadOnlySpan<byte> Tail => _tail;

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

    private void Keep(ReadOnlySpan<byte> chunk)
    {
        BytesRead += chunk.Length;
        if (chunk.Length >= _tail.Length)
        {
            chunk[^_tail.Length..].CopyTo(_tail);
            return;
        }

        // Shift the kept bytes left and append the short chunk.
        _tail.AsSpan(chunk.Length).CopyTo(_tail);
        chunk.CopyTo(_tail.AsSpan(_tail.Length - chunk.Length));
    }
}
