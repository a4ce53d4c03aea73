namespace Gateway.Queues.Persistent;

/// <summary>What <see cref="SegmentRecovery"/> hands to the log it opens.</summary>
internal sealed record RecoveredLog(List<Segment> Segments, Segment? StartSegment, long StartOffset, long NextSequence, RecoveryReport Report);
