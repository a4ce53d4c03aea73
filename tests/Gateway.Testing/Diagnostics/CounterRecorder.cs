using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Gateway.Diagnostics;

namespace Gateway.Testing.Diagnostics;

/// <summary>
/// Records the gateway's counters through a real MeterListener. Tests run in parallel and share the one Meter, so
/// reads filter on the <c>processor</c> (or other) tag a test gives its own component.
/// </summary>
public sealed class CounterRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(string Instrument, long Value, Dictionary<string, string?> Tags)> _measurements = new();

    public CounterRecorder()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == GatewayMeter.Name) listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.Start();
    }

    /// <summary>Takes one reading of every observable gauge (read them with <see cref="Sum"/> after a single call).</summary>
    public void ObserveGauges() => _listener.RecordObservableInstruments();

    /// <summary>The sum of <paramref name="instrument"/> over measurements carrying every given tag value.</summary>
    public long Sum(string instrument, params (string Key, string Value)[] tags)
    {
        long sum = 0;
        foreach (var (name, value, recorded) in _measurements)
        {
            if (name != instrument) continue;
            var matches = true;
            foreach (var (key, expected) in tags)
            {
                if (!recorded.TryGetValue(key, out var actual) || actual != expected) matches = false;
            }

            if (matches) sum += value;
        }

        return sum;
    }

    public void Dispose() => _listener.Dispose();

    private void Add(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var tag in tags) copy[tag.Key] = tag.Value?.ToString();
        _measurements.Enqueue((instrument.Name, value, copy));
    }
}
