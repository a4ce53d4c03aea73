using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using Gateway.Diagnostics;
using Gateway.Envelope;

namespace Gateway.Processors.Sampling;

/// <summary>The sampling counters, added once per batch. kept + sampled_out + rescued account for every event seen.</summary>
public static class SamplingCounters
{
    public static readonly Counter<long> Kept = GatewayMeter.Instance.CreateCounter<long>(
        "gateway_sampling_kept", "{event}", "Events kept by the sampling decision, by level.");

    public static readonly Counter<long> SampledOut = GatewayMeter.Instance.CreateCounter<long>(
        "gateway_sampling_sampled_out", "{event}", "Events dropped by sampling (held events count when their window ends or they are evicted), by level.");

    public static readonly Counter<long> Rescued = GatewayMeter.Instance.CreateCounter<long>(
        "gateway_sampling_rescued", "{event}", "Held events released because their session reported an error, by level.");

    public static readonly Counter<long> Evicted = GatewayMeter.Instance.CreateCounter<long>(
        "gateway_sampling_evicted", "{event}", "Held events dropped early to stay within max_sessions or max_events_per_session, by limit.");

    public static readonly ObservableGauge<int> Held = GatewayMeter.Instance.CreateObservableGauge(
        "gateway_sampling_held_events", ObserveHeld, "{event}", "Events held by keep_session_on_error, waiting for an error in their session or the end of their window.");

    // Weak, so a processor replaced by a configuration reload stops being observed once it is collected.
    private static readonly ConditionalWeakTable<SamplingProcessor, string> Holding = new();

    /// <summary>Reports the processor's held events on the gauge for as long as it lives.</summary>
    public static void TrackHeld(SamplingProcessor processor, string name) => Holding.AddOrUpdate(processor, name);

    public static void Record(string processor, in SamplingTally tally)
    {
        var processorTag = new KeyValuePair<string, object?>("processor", processor);
        for (var level = EventLevel.Debug; level <= EventLevel.Fatal; level++)
        {
            var levelTag = new KeyValuePair<string, object?>("level", level.ToName());
            if (tally.Kept[(int)level] > 0) Kept.Add(tally.Kept[(int)level], processorTag, levelTag);
            if (tally.SampledOut[(int)level] > 0) SampledOut.Add(tally.SampledOut[(int)level], processorTag, levelTag);
            if (tally.Rescued[(int)level] > 0) Rescued.Add(tally.Rescued[(int)level], processorTag, levelTag);
        }

        if (tally.EvictedForSessions > 0) Evicted.Add(tally.EvictedForSessions, processorTag, new KeyValuePair<string, object?>("limit", "max_sessions"));
        if (tally.EvictedForEvents > 0) Evicted.Add(tally.EvictedForEvents, processorTag, new KeyValuePair<string, object?>("limit", "max_events_per_session"));
    }

    private static IEnumerable<Measurement<int>> ObserveHeld()
    {
        foreach (var (processor, name) in Holding) yield return new Measurement<int>(processor.HeldEvents, new KeyValuePair<string, object?>("processor", name));
    }
}
