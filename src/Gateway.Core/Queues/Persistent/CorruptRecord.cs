namespace Gateway.Queues.Persistent;

/// <summary>A damaged record found in a segment: where it was, why it was rejected and where its bytes were moved.</summary>
public sealed record CorruptRecord(string Segment, long Offset, long Length, string Reason, string? QuarantinePath);
