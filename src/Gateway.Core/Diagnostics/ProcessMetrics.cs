using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Gateway.Diagnostics;

/// <summary>
/// The process figures the collector reports about itself (otelcol_process_*), so the gateway's memory and CPU
/// are on the same dashboard as its throughput: RSS, CPU seconds, the managed heap and what has been allocated.
/// </summary>
public static class ProcessMetrics
{
    private static readonly long StartTimestamp = Stopwatch.GetTimestamp();

    private static readonly ObservableCounter<double> Uptime = GatewayMeter.Instance.CreateObservableCounter(
        "otelcol_process_uptime", static () => Stopwatch.GetElapsedTime(StartTimestamp).TotalSeconds, "s", "Seconds since the gateway started.");

    private static readonly ObservableCounter<double> CpuSeconds = GatewayMeter.Instance.CreateObservableCounter(
        "otelcol_process_cpu_seconds", static () => Environment.CpuUsage.TotalTime.TotalSeconds, "s", "CPU time the process has used (user and system).");

    private static readonly ObservableGauge<long> Rss = GatewayMeter.Instance.CreateObservableGauge(
        "otelcol_process_memory_rss", static () => Environment.WorkingSet, "By", "Resident memory of the process.");

    private static readonly ObservableGauge<long> HeapBytes = GatewayMeter.Instance.CreateObservableGauge(
        "otelcol_process_runtime_heap_alloc_bytes", static () => GC.GetGCMemoryInfo().HeapSizeBytes, "By", "Managed heap size after the last garbage collection.");

    private static readonly ObservableGauge<long> CommittedBytes = GatewayMeter.Instance.CreateObservableGauge(
        "otelcol_process_runtime_total_sys_memory_bytes", static () => GC.GetGCMemoryInfo().TotalCommittedBytes, "By", "Memory the garbage collector has committed from the operating system.");

    private static readonly ObservableCounter<long> AllocatedBytes = GatewayMeter.Instance.CreateObservableCounter(
        "otelcol_process_runtime_total_alloc_bytes", static () => GC.GetTotalAllocatedBytes(), "By", "Bytes allocated on the managed heap since the start.");

    /// <summary>Makes sure the instruments exist before the first collection (static fields are created on first touch).</summary>
    public static void Register() => _ = Uptime.Enabled | CpuSeconds.Enabled | Rss.Enabled | HeapBytes.Enabled | CommittedBytes.Enabled | AllocatedBytes.Enabled;
}
