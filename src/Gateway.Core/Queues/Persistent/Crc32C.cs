using System.Buffers.Binary;
using System.Numerics;

namespace Gateway.Queues.Persistent;

/// <summary>
/// CRC-32C (Castagnoli), the checksum of ext4, iSCSI and Kafka records: BitOperations uses the CPU's CRC32
/// instruction where there is one. System.IO.Hashing only offers the IEEE polynomial, which has no such instruction.
/// </summary>
internal static class Crc32C
{
    public static uint Append(uint crc, ReadOnlySpan<byte> data)
    {
        while (data.Length >= 8)
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[8..];
        }

        foreach (var b in data) crc = BitOperations.Crc32C(crc, b);
        return crc;
    }

    public static uint Compute(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second) => ~Append(Append(uint.MaxValue, first), second);
}
