using Microsoft.Extensions.Logging;

namespace Gateway.Queues.Persistent;

/// <summary>The persistent queue's own log lines (event ids 1400-1419); none carries a record's payload.</summary>
internal static partial class PersistentQueueLog
{
    [LoggerMessage(EventId = 1400, Level = LogLevel.Information, Message = "Queue {Queue} recovered {Records} pending record(s) in {Segments} segment(s) from {Directory}")]
    public static partial void Recovered(ILogger logger, string queue, long records, int segments, string directory);

    [LoggerMessage(EventId = 1401, Level = LogLevel.Warning, Message = "Queue {Queue} cut a torn tail of {Bytes} byte(s) off {Segment} (a write interrupted by a crash)")]
    public static partial void TornTailTruncated(ILogger logger, string queue, long bytes, string segment);

    [LoggerMessage(EventId = 1402, Level = LogLevel.Error, Message = "Queue {Queue} found a corrupt record in {Segment} at offset {Offset} ({Length} bytes): {Reason}; moved aside to {QuarantinePath}, reading goes on after it")]
    public static partial void CorruptRecord(ILogger logger, string queue, string segment, long offset, long length, string reason, string? quarantinePath);

    [LoggerMessage(EventId = 1403, Level = LogLevel.Error, Message = "Queue {Queue} could not write to {Segment}; the appends of this group failed and nothing was acknowledged")]
    public static partial void WriteFailed(ILogger logger, Exception exception, string queue, string segment);

    [LoggerMessage(EventId = 1404, Level = LogLevel.Warning, Message = "Queue {Queue} could not write its checkpoint ({Failures} time(s) since the last report); records delivered since the last checkpoint would be delivered again after a restart")]
    public static partial void CheckpointFailed(ILogger logger, Exception exception, string queue, long failures);

    [LoggerMessage(EventId = 1405, Level = LogLevel.Information, Message = "Queue {Queue} closed with {Records} record(s) not yet delivered; they stay in {Directory} for the next start")]
    public static partial void ClosedWithPending(ILogger logger, string queue, long records, string directory);

    [LoggerMessage(EventId = 1406, Level = LogLevel.Error, Message = "Queue {Queue} dropped the record at {Position}: it is intact but does not decode as an event ({Reason}); written by a newer gateway?")]
    public static partial void Undecodable(ILogger logger, string queue, string position, string reason);

    [LoggerMessage(EventId = 1407, Level = LogLevel.Error, Message = "Queue {Queue} cannot store records in {Directory}; requests routed to it are refused with 503 / UNAVAILABLE until it can again (checked every {Interval} and whenever delivered segments are deleted)")]
    public static partial void Unwritable(ILogger logger, Exception exception, string queue, string directory, TimeSpan interval);

    [LoggerMessage(EventId = 1408, Level = LogLevel.Information, Message = "Queue {Queue} stores records again, after refusing them for {Duration}")]
    public static partial void Writable(ILogger logger, string queue, TimeSpan duration);

    [LoggerMessage(EventId = 1409, Level = LogLevel.Error, Message = "Queue {Queue} could not fsync {Segment}; records acknowledged since the last fsync may not survive a power loss")]
    public static partial void SyncFailed(ILogger logger, Exception exception, string queue, string segment);

    [LoggerMessage(EventId = 1410, Level = LogLevel.Warning, Message = "Queue {Queue} could not cut a failed write off {Segment} at offset {Offset}; the segment ends there for readers, and a restart may deliver the refused records too (a duplicate, never a loss)")]
    public static partial void CutBackFailed(ILogger logger, Exception exception, string queue, string segment, long offset);

    [LoggerMessage(EventId = 1411, Level = LogLevel.Warning, Message = "Queue {Queue} could not delete the delivered segment {Segment}; it tries again at the next cleanup")]
    public static partial void DeleteFailed(ILogger logger, Exception exception, string queue, string segment);
}
