namespace Gateway.Queues.Persistent;

/// <summary>The result of scanning one segment: its intact records and the ranges that are not.</summary>
internal sealed class SegmentScan
{
    /// <summary>Where the intact prefix ends: bytes past it are a torn tail to cut off.</summary>
    public long ValidEnd { get; set; }

    /// <summary>Intact records at or after the offset the scan was asked to count from.</summary>
    public long RecordsToDeliver { get; set; }

    public List<CorruptRange> Corrupt { get; } = [];
}
