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
            if (SegmentFormat.Check(data[candidate..], out _) == FrameCheck.Valid) return candidate;
        }

        return -1;
    }

    private static string Describe(FrameCheck check) => check switch
    {
        FrameCheck.BadChecksum => "checksum mismatch (the record's bytes changed after they were written)",
        FrameCheck.BadLength => "impossible length field (the frame header is damaged)",
        _ => "frame overruns the next intact record (the frame header is damaged)",
    };
}
