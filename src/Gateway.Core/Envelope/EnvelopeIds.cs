using System.Buffers.Binary;

namespace Gateway.Envelope;

/// <summary>Formats envelope ids; every exporter that needs a stable id (Elasticsearch _id, Sentry event_id) uses this one.</summary>
public static class EnvelopeIds
{
    public static string ToHex(UInt128 id)
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt128BigEndian(bytes, id);
        return Convert.ToHexStringLower(bytes);
    }

    public static bool TryParseHex(ReadOnlySpan<char> hex, out UInt128 id)
    {
        id = default;
        if (hex.Length != 32) return false;
        Span<byte> bytes = stackalloc byte[16];
        if (Convert.FromHexString(hex, bytes, out _, out var written) != System.Buffers.OperationStatus.Done || written != 16) return false;
        id = BinaryPrimitives.ReadUInt128BigEndian(bytes);
        return true;
    }
}
