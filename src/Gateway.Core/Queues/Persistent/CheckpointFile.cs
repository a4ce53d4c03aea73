using System.Buffers.Binary;

namespace Gateway.Queues.Persistent;

/// <summary>
/// The acknowledged watermark: every record before it is confirmed by the destination. Written to a temporary file and
/// renamed over the old one, so a crash leaves either the old or the new watermark, never half of one. Losing the
/// newest watermark only means some confirmed records are delivered again (at-least-once), never that one is lost,
/// which is why it is not fsynced.
/// <para>
/// On a full disk the temporary file cannot be written; the watermark is then written over the existing checkpoint in
/// place, in blocks the file already has, so recording progress needs no free space. A crash in the middle of that
/// one 28-byte write could tear it; the CRC then fails and recovery delivers everything still on disk again: more
/// redelivery, never a loss.
/// </para>
/// </summary>
internal sealed class CheckpointFile(string directory)
{
    private const int Length = 8 + 8 + 8 + 4;
    private static ReadOnlySpan<byte> Magic => "GWQCKPT1"u8;

    private readonly string _path = Path.Combine(directory, "checkpoint");
    private readonly string _temporaryPath = Path.Combine(directory, "checkpoint.tmp");

    /// <summary>The stored watermark, or null when there is none or it is damaged (then everything on disk is delivered).</summary>
    public LogPosition? Read()
    {
        try
        {
            var bytes = File.ReadAllBytes(_path);
            if (bytes.Length != Length || !bytes.AsSpan(0, 8).SequenceEqual(Magic)) return null;
            if (Crc32C.Compute(bytes.AsSpan(0, Length - 4), []) != BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(Length - 4))) return null;
            return new LogPosition(BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(8)), BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(16)));
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    public void Write(LogPosition watermark)
    {
        Span<byte> bytes = stackalloc byte[Length];
        Magic.CopyTo(bytes);
        BinaryPrimitives.WriteInt64LittleEndian(bytes[8..], watermark.Segment);
        BinaryPrimitives.WriteInt64LittleEndian(bytes[16..], watermark.Offset);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes[(Length - 4)..], Crc32C.Compute(bytes[..(Length - 4)], []));
        try
        {
            using (var handle = File.OpenHandle(_temporaryPath, FileMode.Create, FileAccess.Write))
            {
                RandomAccess.Write(handle, bytes, 0);
            }

            File.Move(_temporaryPath, _path, overwrite: true);
        }
        catch (IOException e) when (StorageErrors.IsOutOfSpace(e) && File.Exists(_path))
        {
            using (var existing = File.OpenHandle(_path, FileMode.Open, FileAccess.Write))
            {
                RandomAccess.Write(existing, bytes, 0);
            }

            // The empty temporary file the failed write left; a later write replaces it anyway.
            File.Delete(_temporaryPath);
        }
    }
}
