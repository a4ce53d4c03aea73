namespace Gateway.Queues.Persistent;

/// <summary>
/// One segment file. <see cref="Length"/> counts bytes written; <see cref="VisibleLength"/> only those readers may
/// see, i.e. stored as durably as the fsync policy promises. Both change under the <see cref="SegmentChain"/>'s lock.
/// </summary>
internal sealed class Segment(long sequence, string path, long length)
{
    public long Sequence { get; } = sequence;

    public string Path { get; } = path;

    public long Length { get; set; } = length;

    public long VisibleLength { get; set; } = length;

    /// <summary>No more appends: once a reader passes its end, the segment can be deleted.</summary>
    public bool Sealed { get; set; }

    /// <summary>Damaged ranges, sorted by offset, that readers step over.</summary>
    public List<CorruptRange> Corrupt { get; } = [];

    public LogPosition Start => new(Sequence, SegmentFormat.HeaderLength);

    /// <summary>True once every record in the segment lies before <paramref name="watermark"/>.</summary>
    public bool IsConsumedBy(LogPosition watermark) => Sealed && (watermark.Segment > Sequence || (watermark.Segment == Sequence && watermark.Offset >= Length));
}
