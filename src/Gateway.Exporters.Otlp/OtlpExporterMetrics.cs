using System.Diagnostics.Metrics;
using Gateway.Diagnostics;

namespace Gateway.Exporters.Otlp;

internal static class OtlpExporterMetrics
{
    /// <summary>
    /// Records an OTLP destination answered as partially rejected: it took the request and dropped these as invalid,
    /// which no retry changes (the rest of the request was delivered).
    /// </summary>
    public static readonly Counter<long> Rejected = GatewayMeter.Instance.CreateCounter<long>(
        "gateway_exporter_rejected_log_records", "{records}", "Log records an OTLP destination accepted the request for but rejected as invalid (partial_success).");
}
