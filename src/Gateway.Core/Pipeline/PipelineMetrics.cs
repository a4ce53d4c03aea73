using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Gateway.Diagnostics;

namespace Gateway.Pipeline;

/// <summary>
/// The pipeline's instruments, named like the collector's exporter helper (otelcol_exporter_*) so existing dashboards
/// read them; gateway_* for what the collector has no name for (routes, dead letters).
/// </summary>
internal static class PipelineMetrics
{
    private static readonly ConcurrentDictionary<ExporterLane, byte> LiveLanes = new();

    public static readonly Counter<long> Sent = GatewayMeter.Instance.CreateCounter<long>(
        "otelcol_exporter_sent_log_records", "{records}", "Events the exporter's destination confirmed.");

    public static readonly Counter<long> SendFailed = GatewayMeter.Instance.CreateCounter<long>(
        "otelcol_exporter_send_failed_log_records", "{records}", "Events given up on (dead-lettered): refused, retries exhausted, or left at shutdown.");

    public static readonly Counter<long> EnqueueFailed = GatewayMeter.Instance.CreateCounter<long>(
        "otelcol_exporter_enqueue_failed_log_records", "{records}", "Events a full queue refused (block: the client was told to retry) or dropped (drop_newest, drop_oldest).");

    public static readonly Counter<long> WriteRefused = GatewayMeter.Instance.CreateCounter<long>(
        "gateway_queue_write_refused_log_records", "{records}", "Events refused because the exporter's persistent queue could not store them (reason disk_full or write_error); the client was told to retry.");

    public static readonly Counter<long> Routed = GatewayMeter.Instance.CreateCounter<long>(
        "gateway_routed_log_records", "{records}", "Events each route matched (drop routes included).");

    public static readonly Counter<long> Unrouted = GatewayMeter.Instance.CreateCounter<long>(
        "gateway_unrouted_log_records", "{records}", "Events no route matched and no default route took.");

    public static readonly Counter<long> DeadLettered = GatewayMeter.Instance.CreateCounter<long>(
        "gateway_dead_lettered_log_records", "{records}", "Events written to the dead-letter file, by exporter and reason.");

    public static readonly Counter<long> DeadLetterIncomplete = GatewayMeter.Instance.CreateCounter<long>(
        "gateway_dead_letter_incomplete_log_records", "{records}", "Dead-lettered events that could not be written whole: their line holds id, name, time, service and the error.");

    public static readonly Counter<long> DeadLetterWriteFailed = GatewayMeter.Instance.CreateCounter<long>(
        "gateway_dead_letter_write_failed_log_records", "{records}", "Dead-lettered events the dead-letter file could not store (a disk error): lost, and logged.");

    public static readonly Counter<long> Isolated = GatewayMeter.Instance.CreateCounter<long>(
        "gateway_exporter_isolated_log_records", "{records}", "Events an exporter threw on when sent alone: set aside into the dead-letter file so the batch around them is delivered.");

    private static readonly ObservableGauge<long> QueueSize = GatewayMeter.Instance.CreateObservableGauge(
        "otelcol_exporter_queue_size", ObserveSizes, "{records}", "Events held by the exporter's queue (queued and in flight).");

    private static readonly ObservableGauge<long> QueueCapacity = GatewayMeter.Instance.CreateObservableGauge(
        "otelcol_exporter_queue_capacity", ObserveCapacities, "{records}", "Events the exporter's queue holds before its policy applies.");

    public static void Register(ExporterLane lane)
    {
        // Touching the gauges makes sure they exist before the first collection.
        _ = QueueSize.Enabled | QueueCapacity.Enabled;
        LiveLanes.TryAdd(lane, 0);
    }

    public static void Unregister(ExporterLane lane) => LiveLanes.TryRemove(lane, out _);

    private static IEnumerable<Measurement<long>> ObserveSizes()
    {
        foreach (var lane in LiveLanes.Keys) yield return new Measurement<long>(lane.Queue.Count, lane.ExporterTag);
    }

    private static IEnumerable<Measurement<long>> ObserveCapacities()
    {
        foreach (var lane in LiveLanes.Keys) yield return new Measurement<long>(lane.Queue.Capacity, lane.ExporterTag);
    }
}
