using System.Diagnostics.Metrics;
using Gateway.Diagnostics;

namespace Gateway.Exporters.Otlp.LoadBalancing;

/// <summary>
/// Per backend, besides the otelcol_exporter_* series every backend's own lane has (exporter="loadbalancing/NAME/HOST:PORT":
/// sent, send_failed, queue_size, queue_capacity): what the ring sent where, and how many backends there are.
/// </summary>
internal static class LoadBalancingMetrics
{
    public static readonly Counter<long> Routed = GatewayMeter.Instance.CreateCounter<long>(
        "gateway_loadbalancer_routed_log_records", "{records}", "Events the loadbalancing exporter handed to a backend's queue, by exporter and backend.");

    public static readonly Counter<long> BackendFull = GatewayMeter.Instance.CreateCounter<long>(
        "gateway_loadbalancer_backend_full_log_records", "{records}", "Events a backend's full queue could not take yet (retried by the loadbalancing exporter), by exporter and backend.");

    public static readonly UpDownCounter<long> Backends = GatewayMeter.Instance.CreateUpDownCounter<long>(
        "gateway_loadbalancer_backends", "{backends}", "Backends on the loadbalancing exporter's ring.");
}
