namespace Gateway.Otlp.Receivers.Refusals;

/// <summary>
/// The last few refusals with their reasons, for the status page: a small fixed ring, so a flood of bad requests
/// costs a slot write each and can never grow memory. The counters stay the complete record.
/// </summary>
public sealed class RecentRefusals
{
    public const int Capacity = 20;

    private readonly RefusalRecord?[] _ring = new RefusalRecord?[Capacity];
    private readonly Lock _gate = new();
    private int _next;

    public void Add(RefusalRecord refusal)
    {
        lock (_gate)
        {
            _ring[_next] = refusal;
            _next = (_next + 1) % Capacity;
        }
    }

    /// <summary>The refusals held, newest first.</summary>
    public List<RefusalRecord> Newest()
    {
        var newest = new List<RefusalRecord>(Capacity);
        lock (_gate)
        {
            for (var i = 1; i <= Capacity; i++)
            {
                if (_ring[(_next - i + Capacity) % Capacity] is { } refusal) newest.Add(refusal);
            }
        }

        return newest;
    }
}
