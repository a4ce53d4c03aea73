using System.Collections.Concurrent;

namespace Gateway.Diagnostics;

/// <summary>The values of one instrument, one per label set: summed for counters, last value for gauges.</summary>
internal sealed class InstrumentSeries(string? description, bool isCounter, bool isObservable)
{
    private readonly ConcurrentDictionary<LabelKey, double> _values = new();

    public string? Description { get; } = description;

    public bool IsCounter { get; } = isCounter;

    public bool IsObservable { get; } = isObservable;

    /// <summary>Forgets the last readings, so a series whose source is gone (an exporter removed by a reload) stops showing.</summary>
    public void Clear() => _values.Clear();

    public void Record(LabelKey labels, double value)
    {
        // Observable counters report their running total, so they replace rather than add.
        if (IsCounter && !IsObservable) _values.AddOrUpdate(labels, value, (_, current) => current + value);
        else _values[labels] = value;
    }

    public double Value(LabelKey labels) => _values.TryGetValue(labels, out var value) ? value : 0;

    public double Total()
    {
        double total = 0;
        foreach (var value in _values.Values) total += value;
        return total;
    }

    public KeyValuePair<LabelKey, double>[] Snapshot()
    {
        var snapshot = _values.ToArray();
        Array.Sort(snapshot, (a, b) => string.CompareOrdinal(a.Key.Text, b.Key.Text));
        return snapshot;
    }
}
