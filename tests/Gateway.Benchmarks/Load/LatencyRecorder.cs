namespace Gateway.Benchmarks.Load;

/// <summary>Latency samples in microseconds, bounded in memory (reservoir of the first N after warm-up is enough for p50/p99).</summary>
public sealed class LatencyRecorder(int capacity = 2_000_000)
{
    private readonly long[] _samples = new long[capacity];
    private int _count;

    public bool Enabled { get; set; }

    public void Record(long microseconds)
    {
        if (!Enabled) return;
        var index = Interlocked.Increment(ref _count) - 1;
        if (index < _samples.Length) _samples[index] = microseconds;
    }

    public (long P50, long P99, long Max, int Count) Percentiles()
    {
        var count = Math.Min(_count, _samples.Length);
        if (count == 0) return (0, 0, 0, 0);
        var copy = _samples.AsSpan(0, count).ToArray();
        Array.Sort(copy);
        return (copy[count / 2], copy[Math.Min(count - 1, (int)(count * 0.99))], copy[count - 1], count);
    }
}
