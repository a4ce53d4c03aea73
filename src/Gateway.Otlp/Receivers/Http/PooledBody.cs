using System.Buffers;

namespace Gateway.Otlp.Receivers.Http;

/// <summary>A request body read into a rented buffer; returning it on dispose keeps large bodies off the GC heap churn.</summary>
public sealed class PooledBody : IDisposable
{
    private byte[] _buffer;

    public PooledBody(int initialSize) => _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(initialSize, 4096));

    public int Length { get; private set; }

    public ReadOnlySpan<byte> Span => _buffer.AsSpan(0, Length);

    public ReadOnlyMemory<byte> Memory => _buffer.AsMemory(0, Length);

    /// <summary>A copy of <paramref name="payload"/> (a gRPC message) in a rented buffer.</summary>
    public static PooledBody CopyOf(in System.Buffers.ReadOnlySequence<byte> payload)
    {
        var body = new PooledBody((int)payload.Length);
        payload.CopyTo(body._buffer);
        body.Length = (int)payload.Length;
        return body;
    }

    /// <summary>Free space to read into, growing the buffer (doubling, capped at <paramref name="limit"/> + 1) when full.</summary>
    public Memory<byte> FreeSpace(long limit)
    {
        if (Length == _buffer.Length)
        {
            var grown = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)_buffer.Length * 2, limit + 1));
            _buffer.AsSpan(0, Length).CopyTo(grown);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = grown;
        }

        return _buffer.AsMemory(Length);
    }

    public void Advance(int count) => Length += count;

    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, []);
        if (buffer.Length > 0) ArrayPool<byte>.Shared.Return(buffer);
    }
}
