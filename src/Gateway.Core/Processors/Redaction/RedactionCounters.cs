using System.Diagnostics.Metrics;
using Gateway.Diagnostics;

namespace Gateway.Processors.Redaction;

/// <summary>The redaction counters, added once per batch rather than once per value.</summary>
public static class RedactionCounters
{
    public static readonly Counter<long> Redactions = GatewayMeter.Instance.CreateCounter<long>(
        "gateway_processor_redactions", "{redaction}", "Values redacted, by the rule (detector, blocked_key or not_allowed_key) that caught them.");

    public static readonly Counter<long> RedactedEnvelopes = GatewayMeter.Instance.CreateCounter<long>(
        "gateway_processor_redacted_envelopes", "{envelope}", "Envelopes in which at least one value was redacted.");

    public static void Record(string processor, RedactionPass pass, ValueDetector[] detectors, long redactedEnvelopes)
    {
        var processorTag = new KeyValuePair<string, object?>("processor", processor);
        for (var i = 0; i < detectors.Length; i++)
        {
            if (pass.DetectorHits[i] > 0) Redactions.Add(pass.DetectorHits[i], processorTag, new KeyValuePair<string, object?>("rule", detectors[i].Label));
        }

        if (pass.BlockedKeyHits > 0) Redactions.Add(pass.BlockedKeyHits, processorTag, new KeyValuePair<string, object?>("rule", "blocked_key"));
        if (pass.NotAllowedKeyHits > 0) Redactions.Add(pass.NotAllowedKeyHits, processorTag, new KeyValuePair<string, object?>("rule", "not_allowed_key"));
        if (redactedEnvelopes > 0) RedactedEnvelopes.Add(redactedEnvelopes, processorTag);
    }
}
