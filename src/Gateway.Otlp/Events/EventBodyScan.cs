namespace Gateway.Otlp.Events;

/// <summary>A body's items in order and the number of events they hold, counted before anything is decoded.</summary>
internal sealed class EventBodyScan(List<EventItem> items, int events)
{
    public List<EventItem> Items { get; } = items;

    /// <summary>What the answer's indexes run over: accepted plus rejected always equals it.</summary>
    public int Events { get; } = events;
}
