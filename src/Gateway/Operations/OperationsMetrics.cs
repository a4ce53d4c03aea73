using System.Diagnostics.Metrics;
using Gateway.Diagnostics;

namespace Gateway.Host.Operations;

/// <summary>Counters about the gateway's own configuration: a failing reload must show on a dashboard, not only in a log.</summary>
internal static class OperationsMetrics
{
    public static readonly Counter<long> Reloads = GatewayMeter.Instance.CreateCounter<long>(
        "gateway_config_reloads", "{reload}", "Configuration reloads applied.");

    public static readonly Counter<long> ReloadFailures = GatewayMeter.Instance.CreateCounter<long>(
        "gateway_config_reload_failures", "{reload}", "Configuration reloads refused (invalid file); the previous configuration kept running.");
}
