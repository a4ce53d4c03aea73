namespace Gateway.Queues.Persistent;

/// <summary>Bytes of a segment that are no record: readers step over them.</summary>
internal readonly record struct CorruptRange(long Offset, long Length, string Reason)
{
    public long End => Offset + Length;
}
