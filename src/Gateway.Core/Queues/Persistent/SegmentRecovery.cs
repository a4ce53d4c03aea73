using System.Buffers;
using Microsoft.Extensions.Logging;

namespace Gateway.Queues.Persistent;

/// <summary>
/// Opens what a previous run left: every segment is scanned once; torn tails are cut off, damaged records are moved
/// aside, segments the checkpoint shows as fully acknowledged are deleted. Bad data never makes opening fail.
/// </summary>
internal static class SegmentRecovery
{
    public static RecoveredLog Recover(string directory, string queue, CheckpointFile checkpoint, CorruptRecordQuarantine quarantine, ILogger logger)
    {
        var watermark = checkpoint.Read();
        var segments = new List<Segment>();
        var corrupt = new List<CorruptRecord>();
        long truncated = 0, pending = 0, lastSequence = watermark?.Segment ?? 0;
        foreach (var (sequence, path) in ListSegmentFiles(directory))
        {
            lastSequence = Math.Max(lastSequence, sequence);
            if (watermark is { } acknowledged && sequence < acknowledged.Segment)
            {
                // Fully acknowledged before the stop, deleted only now.
                File.Delete(path);
                continue;
            }

            var segment = RecoverSegment(path, sequence, watermark, quarantine, corrupt, ref truncated, ref pending, queue, logger);
            if (segment is not null) segments.Add(segment);
        }

        var start = watermark is { } mark ? segments.Find(s => s.Sequence == mark.Segment) : null;
        var startOffset = start is not null ? Math.Clamp(watermark!.Value.Offset, SegmentFormat.HeaderLength, start.Length) : SegmentFormat.HeaderLength;
        start ??= segments.Count > 0 ? segments[0] : null;
        var report = new RecoveryReport { Segments = segments.Count, PendingRecords = pending, TruncatedBytes = truncated, CorruptRecords = corrupt };
        return new RecoveredLog(segments, start, startOffset, lastSequence + 1, report);
    }

    private static Segment? RecoverSegment(
        string path, long sequence, LogPosition? watermark, CorruptRecordQuarantine quarantine, List<CorruptRecord> corrupt,
        ref long truncated, ref long pending, string queue, ILogger logger)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read | FileShare.Delete);
        var length = RandomAccess.GetLength(handle);
        if (length > int.MaxValue)
        {
            // No segment this gateway writes gets near 2GiB: the file is not ours to interpret.
            handle.Dispose();
            corrupt.Add(quarantine.MoveFileAside(path, new CorruptRange(0, length, "file too large to be a queue segment")));
            return null;
        }

        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Max(length, 1));
        try
        {
            var data = buffer.AsSpan(0, (int)length);
            ReadFully(handle, data);
            if (!SegmentFormat.IsHeader(data))
            {
                handle.Dispose();
                if (length > SegmentFormat.HeaderLength && data.IndexOfAnyExcept((byte)0) >= 0)
                {
                    corrupt.Add(quarantine.MoveFileAside(path, new CorruptRange(0, length, "not a queue segment of a known format (bad header)")));
                }
                else
                {
                    // Created just before a crash, before its header reached the disk: it never held a record.
                    truncated += length;
                    File.Delete(path);
                }

                return null;
            }

            var deliverFrom = watermark is { } mark && mark.Segment == sequence ? mark.Offset : 0;
            var scan = SegmentScanner.Scan(data, SegmentFormat.HeaderLength, deliverFrom);
            foreach (var range in scan.Corrupt)
            {
                // Damage before the watermark was stepped over, and reported, by an earlier run.
                if (range.End > deliverFrom) corrupt.Add(quarantine.MoveAside(path, data.Slice((int)range.Offset, (int)range.Length), range));
            }

            if (scan.ValidEnd < length)
            {
                RandomAccess.SetLength(handle, scan.ValidEnd);
                truncated += length - scan.ValidEnd;
                PersistentQueueLog.TornTailTruncated(logger, queue, length - scan.ValidEnd, Path.GetFileName(path));
            }

            if (scan.RecordsToDeliver == 0)
            {
                // Everything in it was confirmed, or it was started by a run that stopped before appending to it.
                handle.Dispose();
                File.Delete(path);
                return null;
            }

            pending += scan.RecordsToDeliver;
            var segment = new Segment(sequence, path, scan.ValidEnd) { Sealed = true };
            segment.Corrupt.AddRange(scan.Corrupt);
            return segment;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static List<(long Sequence, string Path)> ListSegmentFiles(string directory)
    {
        var files = new List<(long, string)>();
        foreach (var path in System.IO.Directory.EnumerateFiles(directory))
        {
            if (SegmentFormat.TryParseFileName(Path.GetFileName(path), out var sequence)) files.Add((sequence, path));
        }

        files.Sort((a, b) => a.Item1.CompareTo(b.Item1));
        return files;
    }

    internal static void ReadFully(Microsoft.Win32.SafeHandles.SafeFileHandle handle, Span<byte> destination, long fileOffset = 0)
    {
        while (!destination.IsEmpty)
        {
            var read = RandomAccess.Read(handle, destination, fileOffset);
            if (read == 0) throw new EndOfStreamException("segment file ended while reading it; was it truncated by another process?");
            destination = destination[read..];
            fileOffset += read;
        }
    }
}
