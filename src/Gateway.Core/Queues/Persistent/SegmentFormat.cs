using System.Buffers.Binary;
using System.Globalization;

namespace Gateway.Queues.Persistent;

/// <summary>
/// The on-disk layout. A segment starts with an 8-byte header ("GWQSEG", format version, reserved), then frames of
/// [payload length u32 LE][CRC-32C u32 LE][payload]. The checksum covers the length bytes too, so a damaged length
/// is caught like damaged data, and a run of zeros (what a power loss can leave at a file's end) never checks out.
/// </summary>
internal static class SegmentFormat
{
    public const int HeaderLength = 8;

    public const int FrameHeaderLength = 8;

    public const byte Version = 1;

    /// <summary>Also bounds what recovery believes a length field: anything larger is damage.</summary>
    public const int MaxRecordBytes = 16 * 1024 * 1024;

    private const string FilePrefix = "segment-";

    private const string FileSuffix = ".log";

    private static ReadOnlySpan<byte> Magic => "GWQSEG"u8;

    public static string FileName(long sequence) => FilePrefix + sequence.ToString("D16", CultureInfo.InvariantCulture) + FileSuffix;

    public static bool TryParseFileName(string fileName, out long sequence)
    {
        sequence = 0;
        return fileName.Length == FilePrefix.Length + 16 + FileSuffix.Length
            && fileName.StartsWith(FilePrefix, StringComparison.Ordinal)
            && fileName.EndsWith(FileSuffix, StringComparison.Ordinal)
            && long.TryParse(fileName.AsSpan(FilePrefix.Length, 16), NumberStyles.None, CultureInfo.InvariantCulture, out sequence);
    }

    public static void WriteHeader(Span<byte> destination)
    {
        Magic.CopyTo(destination);
        destination[6] = Version;
        destination[7] = 0;
    }

    public static bool IsHeader(ReadOnlySpan<byte> data) => data.Length >= HeaderLength && data[..6].SequenceEqual(Magic) && data[6] == Version;

    public static int FrameLength(int payloadLength) => FrameHeaderLength + payloadLength;

    public static void WriteFrame(Span<byte> destination, ReadOnlySpan<byte> payload)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(destination, (uint)payload.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], Crc32C.Compute(destination[..4], payload));
        payload.CopyTo(destination[FrameHeaderLength..]);
    }

    /// <summary>Checks the frame at the start of <paramref name="data"/>; on success the payload is <c>data.Slice(8, payloadLength)</c>.</summary>
    public static FrameCheck Check(ReadOnlySpan<byte> data, out int payloadLength)
    {
        payloadLength = 0;
        if (data.Length < FrameHeaderLength) return FrameCheck.Incomplete;
        var length = BinaryPrimitives.ReadUInt32LittleEndian(data);
        if (length is 0 or > MaxRecordBytes) return FrameCheck.BadLength;
        if (length > (uint)(data.Length - FrameHeaderLength)) return FrameCheck.Incomplete;
        payloadLength = (int)length;
        var expected = BinaryPrimitives.ReadUInt32LittleEndian(data[4..]);
        return Crc32C.Compute(data[..4], data.Slice(FrameHeaderLength, payloadLength)) == expected ? FrameCheck.Valid : FrameCheck.BadChecksum;
    }
}
