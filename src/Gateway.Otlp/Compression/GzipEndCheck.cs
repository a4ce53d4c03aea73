using System.Buffers.Binary;
using System.IO.Hashing;

namespace Gateway.Otlp.Compression;

/// <summary>
/// A cut-off gzip body inflates to a prefix of the data without any error, so the trailer's CRC-32 and length must
/// match what came out. (A body of several concatenated gzip members, which HTTP clients do not send, fails this.)
/// </summary>
internal sealed class GzipEndCheck(TailKeepingStream compressed) : IBodyEndCheck
{
    public const int TrailerLength = 8;
    private const int MinimumLength = 10 + TrailerLength;

    private readonly Crc32 _crc = new();
    private long _length;

    public void Observe(ReadOnlySpan<byte> output)
    {
        _crc.Append(output);
        _length += output.Length;
    }

    public void Verify()
    {
        if (compressed.BytesRead < MinimumLength) throw new InvalidDataException($"only {compressed.BytesRead} bytes, a gzip body has at least {MinimumLength}");
        var trailer = compressed.Tail;
        var crc = BinaryPrimitives.ReadUInt32LittleEndian(trailer);
        var length = BinaryPrimitives.ReadUInt32LittleEndian(trailer[4..]);
        if (length != (uint)_length || crc != _crc.GetCurrentHashAsUInt32())
        {
            throw new InvalidDataException("the body is truncated or corrupt (its CRC-32 and length do not match the data)");
        }
    }
}
