using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Gateway.Queues.Persistent;

/// <summary>
/// Moves damaged bytes out of the delivery path into <c>corrupt/</c> next to the segments (one .bin with the raw
/// bytes and one .txt saying where they came from and why), counts them and logs them, so an operator can inspect
/// or replay them while every intact record is still delivered.
/// </summary>
internal sealed class CorruptRecordQuarantine(string logDirectory, string queue, ILogger logger)
{
    private readonly string _directory = Path.Combine(logDirectory, "corrupt");

    /// <summary>Copies the damaged bytes of a segment aside; the segment itself stays (its intact records are still delivered).</summary>
    public CorruptRecord MoveAside(string segmentPath, ReadOnlySpan<byte> bytes, CorruptRange range)
    {
        var segmentName = Path.GetFileName(segmentPath);
        var baseName = BaseName(segmentName, range);
        string? quarantinePath = null;
        try
        {
            System.IO.Directory.CreateDirectory(_directory);
            File.WriteAllBytes(baseName + ".bin", bytes);
            WriteReason(baseName, segmentName, range);
            quarantinePath = baseName + ".bin";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Keeping a copy is a courtesy; failing to must not stop delivery of the intact records.
        }

        return Report(segmentName, range, quarantinePath);
    }

    /// <summary>Moves a whole file that is no segment of this format out of the queue directory.</summary>
    public CorruptRecord MoveFileAside(string segmentPath, CorruptRange range)
    {
        var segmentName = Path.GetFileName(segmentPath);
        var baseName = BaseName(segmentName, range);
        string? quarantinePath = null;
        try
        {
            System.IO.Directory.CreateDirectory(_directory);
            File.Move(segmentPath, baseName + ".bin", overwrite: true);
            WriteReason(baseName, segmentName, range);
            quarantinePath = baseName + ".bin";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left in place: recovery meets it again next start and reports it again, which is what an operator needs.
        }

        return Report(segmentName, range, quarantinePath);
    }

    private string BaseName(string segmentName, CorruptRange range) =>
        Path.Combine(_directory, string.Create(CultureInfo.InvariantCulture, $"{Path.GetFileNameWithoutExtension(segmentName)}-at-{range.Offset}"));

    private static void WriteReason(string baseName, string segmentName, CorruptRange range) =>
        File.WriteAllText(baseName + ".txt", string.Create(CultureInfo.InvariantCulture, $"segment: {segmentName}\noffset: {range.Offset}\nlength: {range.Length}\nreason: {range.Reason}\n"));

    private CorruptRecord Report(string segmentName, CorruptRange range, string? quarantinePath)
    {
        PersistentQueueMetrics.CountCorrupt(queue);
        PersistentQueueLog.CorruptRecord(logger, queue, segmentName, range.Offset, range.Length, range.Reason, quarantinePath);
        return new CorruptRecord(segmentName, range.Offset, range.Length, range.Reason, quarantinePath);
    }
}
