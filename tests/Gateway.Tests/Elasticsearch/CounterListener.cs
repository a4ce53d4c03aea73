using System.Diagnostics.Metrics;
using Gateway.Diagnostics;

namespace Gateway.Tests.Elasticsearch;

/// <summary>Sums one Gateway counter for one exporter id, so parallel tests do not see each other's counts.</summary>
internal sealed class CounterListener : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _total;

    public CounterListener(string instrument, string exporter)
    {
        _listener.InstrumentPublished = (published, listener) =>
        {
            if (published.Meter.Name == GatewayMeter.Name && published.Name == instrument) listener.EnableMeasurementEvents(published);
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "exporter" && (string?)tag.Value == exporter) Interlocked.Add(ref _total, value);
            }
        });
        _listener.Start();
    }

    public long Total => Interlocked.Read(ref _total);

    public void Dispose() => _listener.Dispose();
}
