using System.Buffers;

namespace Gateway.Exporters.Elasticsearch.Bulk;

/// <summary>
/// An <see cref="IBufferWriter{T}"/> over arrays rented from <see cref="ArrayPool{T}.Shared"/>: a bulk body of several
/// megabytes is built without allocating it each batch. Return the array with <see cref="Dispose"/>.
/// </summary>
public sealed class PooledBufferWriter : IBufferWriter<byte>, IDisposable
{
    private byte[] _buffer;
    private int _written;

    public PooledBufferWriter(int initialCapacity = 64 * 1024) => _buffer = ArrayPool<byte>.Shared.Rent(initialCapacity);

    public int WrittenCount => _written;

    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, _written);

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _written);

    public void Advance(int count)
    {
        if (count < 0 || _written + count > _buffer.Length) throw new ArgumentOutOfRangeException(nameof(count));
        _written += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsMemory(_written);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsSpan(_written);
    }

    public void WriteByte(byte value)
    {
        Ensure(1);
        _buffer[_written++] = value;
    }

    /// <summary>Drops everything written after <paramref name="length"/> bytes.</summary>
    public void Truncate(int length)
    {
        if (length < 0 || length > _written) throw new ArgumentOutOfRangeException(nameof(length));
        _written = length;
    }

    /// <summary>Removes the one byte at <paramref name="position"/>, moving what follows it back.</summary>
    public void RemoveAt(int position)
    {
        if (position < 0 || position >= _written) throw new ArgumentOutOfRangeException(nameof(position));
        _buffer.AsSpan(position + 1, _written - position - 1).CopyTo(_buffer.AsSpan(position));
        _written--;
    }

    public void Clear() => _written = 0;

    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        _written = 0;
        if (buffer.Length > 0) ArrayPool<byte>.Shared.Return(buffer);
    }

    private void Ensure(int sizeHint)
    {
        var needed = Math.Max(sizeHint, 1);
        if (_buffer.Length - _written >= needed) return;
        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _written + needed));
        _buffer.AsSpan(0, _written).CopyTo(larger);
        if (_buffer.Length > 0) ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = larger;
    }
}
