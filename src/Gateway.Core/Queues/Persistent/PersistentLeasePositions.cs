namespace Gateway.Queues.Persistent;

/// <summary>A persistent lease's bookkeeping: where each event sits in the log (to acknowledge it) and its batch size estimate.</summary>
internal sealed class PersistentLeasePositions(LogPosition[] positions, int[] sizes)
{
    public LogPosition[] Positions { get; } = positions;

    public int[] Sizes { get; } = sizes;
}
