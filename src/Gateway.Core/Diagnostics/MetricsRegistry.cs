using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace Gateway.Diagnostics;

/// <summary>
/// Listens to the <see cref="GatewayMeter"/> and keeps the current value of every counter and gauge per label set, so
/// the metrics endpoint can print them and tests can read them. Counters are summed; observable gauges are read at
/// scrape time. One registry per process (the meter is static), created by the host.
/// </summary>
public sealed class MetricsRegistry : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, InstrumentSeries> _series = new(StringComparer.Ordinal);
    private readonly Lock _observeGate = new();

    public MetricsRegistry(string meterName = GatewayMeter.Name)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == meterName) listener.EnableMeasurementEvents(instrument, SeriesFor(instrument));
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, state) => Record(instrument, state, value, tags));
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, state) => Record(instrument, state, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, state) => Record(instrument, state, value, tags));
        _listener.Start();
    }

    /// <summary>The value of one series (summed counter or last gauge reading), 0 when it was never recorded.</summary>
    public double Value(string instrumentName, params (string Key, string Value)[] labels)
    {
        ObserveGauges();
        if (!_series.TryGetValue(instrumentName, out var series)) return 0;
        return series.Value(LabelKey.From(labels));
    }

    /// <summary>The sum over every label set of one instrument (e.g. all exporters' sent records).</summary>
    public double Total(string instrumentName)
    {
        ObserveGauges();
        return _series.TryGetValue(instrumentName, out var series) ? series.Total() : 0;
    }

    /// <summary>
    /// A counter's value without reading the observable gauges first: cheap enough for the status page's sampling
    /// every second (the gauges are read where they are shown, from their source).
    /// </summary>
    public double CounterValue(string instrumentName, params (string Key, string Value)[] labels) =>
        _series.TryGetValue(instrumentName, out var series) ? series.Value(LabelKey.From(labels)) : 0;

    /// <summary>A counter summed over every label set, without reading the gauges.</summary>
    public double CounterTotal(string instrumentName) => _series.TryGetValue(instrumentName, out var series) ? series.Total() : 0;

    /// <summary>Prometheus text exposition format 0.0.4: counters get the conventional <c>_total</c> suffix.</summary>
    public string ToPrometheusText()
    {
        ObserveGauges();
        var text = new StringBuilder(4096);
        var names = _series.Keys.ToArray();
        Array.Sort(names, StringComparer.Ordinal);
        foreach (var name in names)
        {
            var series = _series[name];
            var exposed = series.IsCounter && !name.EndsWith("_total", StringComparison.Ordinal) ? name + "_total" : name;
            if (!string.IsNullOrEmpty(series.Description)) text.Append("# HELP ").Append(exposed).Append(' ').Append(EscapeHelp(series.Description)).Append('\n');
            text.Append("# TYPE ").Append(exposed).Append(series.IsCounter ? " counter\n" : " gauge\n");
            foreach (var (labels, value) in series.Snapshot())
            {
                text.Append(exposed).Append(labels.ToPrometheus()).Append(' ').Append(value.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
            }
        }

        return text.ToString();
    }

    private void ObserveGauges()
    {
        lock (_observeGate)
        {
            foreach (var series in _series.Values)
            {
                if (series.IsObservable) series.Clear();
            }

            _listener.RecordObservableInstruments();
        }
    }

    private InstrumentSeries SeriesFor(Instrument instrument) =>
        _series.GetOrAdd(instrument.Name, _ => new InstrumentSeries(instrument.Description, instrument is Counter<long> or Counter<int> or Counter<double> or ObservableCounter<long> or ObservableCounter<double>, instrument.IsObservable));

    private static void Record<T>(Instrument instrument, object? state, T value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        where T : struct, IConvertible
    {
        if (state is not InstrumentSeries series) return;
        series.Record(LabelKey.From(tags), value.ToDouble(CultureInfo.InvariantCulture));
    }

    private static string EscapeHelp(string text) => text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    public void Dispose() => _listener.Dispose();
}
