using System.Buffers.Binary;

namespace Gateway.Envelope;

/// <summary>Formats envelope ids; every exporter that needs a stable id (Elasticsearch _id, Sentry event_id) uses this one.</summary>
public static class EnvelopeIds
{
    /// <summary>Characters of the hex form.</summary>
    public const int HexLength = 32;

    /// <summary>Writes the id as 32 lower-case hex characters without allocating (<c>stackalloc char[HexLength]</c>).</summary>
    public static void Format(UInt128 id, Span<char> destination)
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt128BigEndian(bytes, id);
        Convert.TryToHexStringLower(bytes, destination, out _);
    }

    public static string ToHex(UInt128 id)
    {
        Span<char> hex = stackalloc char[HexLength];
        Format(id, hex);
        return new string(hex);
    }

    public static bool TryParseHex(ReadOnlySpan<char> hex, out UInt128 id)
    {
        id = default;
        if (hex.Length != HexLength) return false;
        Span<byte> bytes = stackalloc byte[16];
        if (Convert.FromHexString(hex, bytes, out _, out var written) != System.Buffers.OperationStatus.Done || written != 16) return false;
        id = BinaryPrimitives.ReadUInt128BigEndian(bytes);
        return true;
    }
}
