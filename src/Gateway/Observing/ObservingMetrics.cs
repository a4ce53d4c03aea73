using System.Diagnostics.Metrics;
using Gateway.Diagnostics;

namespace Gateway.Host.Observing;

/// <summary>What the taps cost and show: a refused tap is counted like any refusal, and so is what a slow tap left out.</summary>
internal static class ObservingMetrics
{
    public static readonly Counter<long> TapRefused = GatewayMeter.Instance.CreateCounter<long>(
        "gateway_tap_refused_requests", "{request}", "Tap requests refused, by reason (unauthenticated, unredacted_not_allowed, unknown_exporter, bad_request, too_many_taps, disabled).");

    public static readonly Counter<long> TapShown = GatewayMeter.Instance.CreateCounter<long>(
        "gateway_tap_events", "{event}", "Events sent to attached taps.");

    public static readonly Counter<long> TapDropped = GatewayMeter.Instance.CreateCounter<long>(
        "gateway_tap_dropped_events", "{event}", "Events a tap left out because its reader was behind (the pipeline was never slowed).");
}
