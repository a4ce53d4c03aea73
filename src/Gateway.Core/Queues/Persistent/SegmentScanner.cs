using System.Buffers.Binary;

namespace Gateway.Queues.Persistent;

/// <summary>
/// Walks a segment's frames. A bad frame followed by a good one is damage in the middle (kept aside, reading goes on
/// after it); a bad frame with nothing good after it is a torn tail (cut off). To find "the next good frame" it first
/// trusts the damaged frame's length, and only if that leads nowhere searches byte by byte: a match by chance needs
/// a plausible length and a matching CRC-32C, about one in four billion.
/// </summary>
internal static class SegmentScanner
{
    /// <param name="data">The whole segment file.</param>
    /// <param name="start">Where the frames start (after the header), or where a reader found damage.</param>
    /// <param name="deliverFrom">Records at or after this offset are counted in <see cref="SegmentScan.RecordsToDeliver"/>.</param>
    public static SegmentScan Scan(ReadOnlySpan<byte> data, int start, long deliverFrom)
    {
        var scan = new SegmentScan();
        var at = start;
        while (at < data.Length)
        {
            var check = SegmentFormat.Check(data[at..], out var payloadLength);
            if (check == FrameCheck.Valid)
            {
                if (at >= deliverFrom) scan.RecordsToDeliver++;
                at += SegmentFormat.FrameLength(payloadLength);
                continue;
            }

            var next = FindNextFrame(data, at, check == FrameCheck.BadChecksum ? payloadLength : 0);
            if (next < 0) break;
            scan.Corrupt.Add(new CorruptRange(at, next - at, Describe(check)));
            at = next;
        }

        scan.ValidEnd = at;
        return scan;
    }

    private static int FindNextFrame(ReadOnlySpan<byte> data, int badAt, int claimedPayloadLength)
    {
        if (claimedPayloadLength > 0)
        {
            var after = badAt + SegmentFormat.FrameLength(claimedPayloadLength);
            if (after < data.Length && SegmentFormat.Check(data[after..], out _) == FrameCheck.Valid) return after;
        }

        for (var candidate = badAt + 1; candidate <= data.Length - SegmentFormat.FrameHeaderLength - 1; candidate++)
        {
            if (IsFollowedByAFrameOrTheEnd(data, candidate) && SegmentFormat.Check(data[candidate..], out _) == FrameCheck.Valid) return candidate;
        }

        return -1;
    }

    /// <summary>
    /// A cheap test before the checksum: an intact frame ends where the data ends or where another plausible length
    /// starts. It keeps the search linear when megabytes of garbage follow the damage, where checksumming every
    /// plausible-looking length would cost gigabytes of CRC.
    /// </summary>
    private static bool IsFollowedByAFrameOrTheEnd(ReadOnlySpan<byte> data, int candidate)
    {
        var length = BinaryPrimitives.ReadUInt32LittleEndian(data[candidate..]);
        if (length is 0 or > SegmentFormat.MaxRecordBytes || length > (uint)(data.Length - candidate - SegmentFormat.FrameHeaderLength)) return false;
        var next = candidate + SegmentFormat.FrameLength((int)length);
        if (data.Length - next < 4) return true;
        var nextLength = BinaryPrimitives.ReadUInt32LittleEndian(data[next..]);
        return nextLength is > 0 and <= SegmentFormat.MaxRecordBytes;
    }

    private static string Describe(FrameCheck check) => check switch
    {
        FrameCheck.BadChecksum => "checksum mismatch (the record's bytes changed after they were written)",
        FrameCheck.BadLength => "impossible length field (the frame header is damaged)",
        _ => "frame overruns the next intact record (the frame header is damaged)",
    };
}
