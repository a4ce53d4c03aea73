using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Gateway.Diagnostics;

namespace Gateway.Testing.Diagnostics;

/// <summary>Listens to the gateway's Meter and sums each instrument per tag set, e.g. Sum("gateway_routed_log_records", "route", "errors").</summary>
public sealed class MetricRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _sums = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _gauges = new(StringComparer.Ordinal);

    public MetricRecorder()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == GatewayMeter.Name) listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>(OnMeasurement);
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, state) => OnMeasurement(instrument, value, tags, state));
        _listener.Start();
    }

    /// <summary>The counter's total for measurements carrying every given tag (pairs of key, value).</summary>
    public long Sum(string instrument, params string[] tags)
    {
        long total = 0;
        foreach (var (key, value) in _sums)
        {
            if (Matches(key, instrument, tags)) total += value;
        }

        return total;
    }

    /// <summary>The latest observed gauge value for the tag set, after asking every observable instrument now.</summary>
    public long? Gauge(string instrument, params string[] tags)
    {
        _listener.RecordObservableInstruments();
        foreach (var (key, value) in _gauges)
        {
            if (Matches(key, instrument, tags)) return value;
        }

        return null;
    }

    public void Dispose() => _listener.Dispose();

    private void OnMeasurement(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        var key = instrument.Name + "|" + string.Join("|", tags.ToArray().Select(t => $"{t.Key}={t.Value}").Order(StringComparer.Ordinal)) + "|";
        if (instrument.GetType().Name.StartsWith("Observable", StringComparison.Ordinal)) _gauges[key] = value;
        else _sums.AddOrUpdate(key, value, (_, sum) => sum + value);
    }

    private static bool Matches(string key, string instrument, string[] tags)
    {
        if (!key.StartsWith(instrument + "|", StringComparison.Ordinal)) return false;
        for (var i = 0; i + 1 < tags.Length; i += 2)
        {
            if (!key.Contains($"|{tags[i]}={tags[i + 1]}|", StringComparison.Ordinal)) return false;
        }

        return true;
    }
}
