using Gateway.Envelope;

namespace Gateway.Pipeline;

/// <summary>
/// Per-request working space for routing (one bucket per exporter, route hit counts, the target marks of one event),
/// pooled so a request allocates nothing for routing once warmed up.
/// </summary>
internal sealed class IngestScratch
{
    public IngestScratch(int exporters, int routes)
    {
        Buckets = new List<EventEnvelope>[exporters];
        for (var i = 0; i < exporters; i++) Buckets[i] = [];
        Targets = new bool[exporters];
        Reserved = new bool[exporters];
        Hits = new int[routes];
    }

    public List<EventEnvelope>[] Buckets { get; }

    public bool[] Targets { get; }

    public bool[] Reserved { get; }

    public int[] Hits { get; }

    public void Clear()
    {
        foreach (var bucket in Buckets) bucket.Clear();
        Array.Clear(Reserved);
        Array.Clear(Hits);
    }
}
