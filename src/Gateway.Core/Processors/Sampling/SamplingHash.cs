using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;
using Gateway.Envelope;

namespace Gateway.Processors.Sampling;

/// <summary>
/// The consistent draw behind every keep/drop decision: XxHash64 of the session id (else the trace id, else the
/// record's id) under the configured seed, mapped to [0, 1). The same input gives the same draw on every replica and
/// at every level, so a session is kept or dropped as a whole, and one kept at 1% is also kept at 10%.
/// </summary>
public static class SamplingHash
{
    private const int StackLimit = 256;
    private const int TraceIdBytes = 16;
    private const double UnitScale = 1.0 / (1UL << 53);

    public static double Draw(EventEnvelope envelope, long seed)
    {
        if (envelope.SessionId is { Length: > 0 } session) return Draw(session, seed);
        if (envelope.TraceId is { Length: > 0 } trace) return Draw(trace, seed);
        Span<byte> id = stackalloc byte[16];
        BinaryPrimitives.WriteUInt128BigEndian(id, envelope.Id);
        return ToUnit(XxHash64.HashToUInt64(id, seed));
    }

    public static double Draw(string key, long seed)
    {
        var maxBytes = Encoding.UTF8.GetMaxByteCount(key.Length);
        byte[]? rented = null;
        var buffer = maxBytes <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(maxBytes));
        var length = Encoding.UTF8.GetBytes(key, buffer);
        var hash = XxHash64.HashToUInt64(buffer[..length], seed);
        if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        return ToUnit(hash);
    }

    /// <summary>The draw of a key still in UTF-8 (a session id read off the wire): the same as for its decoded string.</summary>
    public static double Draw(ReadOnlySpan<byte> utf8Key, long seed) => ToUnit(XxHash64.HashToUInt64(utf8Key, seed));

    /// <summary>The draw of a trace id still in bytes: hashed as the lower-case hex the envelope carries it as.</summary>
    public static double DrawTrace(ReadOnlySpan<byte> traceId, long seed)
    {
        Span<byte> hex = stackalloc byte[2 * TraceIdBytes];
        ArgumentOutOfRangeException.ThrowIfNotEqual(traceId.Length, TraceIdBytes);
        for (var i = 0; i < TraceIdBytes; i++)
        {
            hex[2 * i] = HexDigits[traceId[i] >> 4];
            hex[(2 * i) + 1] = HexDigits[traceId[i] & 0xF];
        }

        return ToUnit(XxHash64.HashToUInt64(hex, seed));
    }

    private static ReadOnlySpan<byte> HexDigits => "0123456789abcdef"u8;

    /// <summary>The top 53 bits as a double in [0, 1): exact, uniform, and never 1, so a rate of 1 always keeps.</summary>
    private static double ToUnit(ulong hash) => (hash >> 11) * UnitScale;
}
