using System.Diagnostics.Metrics;
using Gateway.Diagnostics;

namespace Gateway.Tests.Diagnostics;

public sealed class MetricsRegistryTests
{
    [Fact]
    public void CountersAreSummedPerLabelSetAndPrintedWithTheTotalSuffix()
    {
        using var meter = new Meter($"test.{Guid.NewGuid():N}");
        using var registry = new MetricsRegistry(meter.Name);
        var sent = meter.CreateCounter<long>("otelcol_exporter_sent_log_records", description: "Log records sent by the exporter.");

        sent.Add(3, new KeyValuePair<string, object?>("exporter", "file"));
        sent.Add(4, new KeyValuePair<string, object?>("exporter", "file"));
        sent.Add(5, new KeyValuePair<string, object?>("exporter", "elasticsearch"));

        Assert.Equal(7, registry.Value("otelcol_exporter_sent_log_records", ("exporter", "file")));
        Assert.Equal(12, registry.Total("otelcol_exporter_sent_log_records"));
        var text = registry.ToPrometheusText();
        Assert.Contains("# HELP otelcol_exporter_sent_log_records_total Log records sent by the exporter.\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE otelcol_exporter_sent_log_records_total counter\n", text, StringComparison.Ordinal);
        Assert.Contains("otelcol_exporter_sent_log_records_total{exporter=\"file\"} 7\n", text, StringComparison.Ordinal);
        Assert.Contains("otelcol_exporter_sent_log_records_total{exporter=\"elasticsearch\"} 5\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void GaugesAreReadAtScrapeTime()
    {
        using var meter = new Meter($"test.{Guid.NewGuid():N}");
        using var registry = new MetricsRegistry(meter.Name);
        var size = 10;
        meter.CreateObservableGauge("otelcol_exporter_queue_size", () => new Measurement<int>(size, new KeyValuePair<string, object?>("exporter", "file")));

        Assert.Contains("otelcol_exporter_queue_size{exporter=\"file\"} 10\n", registry.ToPrometheusText(), StringComparison.Ordinal);
        size = 3;
        Assert.Equal(3, registry.Value("otelcol_exporter_queue_size", ("exporter", "file")));
        Assert.Contains("# TYPE otelcol_exporter_queue_size gauge\n", registry.ToPrometheusText(), StringComparison.Ordinal);
    }

    [Fact]
    public void AGaugeSeriesWhoseSourceIsGoneStopsShowing()
    {
        using var meter = new Meter($"test.{Guid.NewGuid():N}");
        using var registry = new MetricsRegistry(meter.Name);
        var exporters = new List<string> { "file", "slack/oncall" };
        meter.CreateObservableGauge("otelcol_exporter_queue_size", () => exporters.Select(e => new Measurement<int>(1, new KeyValuePair<string, object?>("exporter", e))));
        Assert.Contains("exporter=\"slack/oncall\"", registry.ToPrometheusText(), StringComparison.Ordinal);

        exporters.Remove("slack/oncall");

        var text = registry.ToPrometheusText();
        Assert.DoesNotContain("slack/oncall", text, StringComparison.Ordinal);
        Assert.Contains("otelcol_exporter_queue_size{exporter=\"file\"} 1\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void LabelValuesAreEscapedAndLabelNamesSanitised()
    {
        using var meter = new Meter($"test.{Guid.NewGuid():N}");
        using var registry = new MetricsRegistry(meter.Name);
        meter.CreateCounter<long>("gateway_routed_log_records").Add(1, new KeyValuePair<string, object?>("route.name", "say \"hi\"\\now"));

        Assert.Contains("gateway_routed_log_records_total{route_name=\"say \\\"hi\\\"\\\\now\"} 1\n", registry.ToPrometheusText(), StringComparison.Ordinal);
    }

    [Fact]
    public void InstrumentsOfOtherMetersAreIgnored()
    {
        using var mine = new Meter($"test.{Guid.NewGuid():N}");
        using var other = new Meter($"other.{Guid.NewGuid():N}");
        using var registry = new MetricsRegistry(mine.Name);
        other.CreateCounter<long>("foreign_total").Add(1);

        Assert.DoesNotContain("foreign", registry.ToPrometheusText(), StringComparison.Ordinal);
    }
}
