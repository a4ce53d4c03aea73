using Gateway.Envelope;
using Gateway.Otlp.Mapping;

namespace Gateway.Otlp.Receivers;

/// <summary>
/// One request's envelopes, the records refused as invalid (for partial_success), and the valid records sampling
/// dropped before they were mapped (<see cref="SampledOut"/>): received and accepted like the others.
/// </summary>
public readonly record struct MappedLogs(List<EventEnvelope> Envelopes, RejectedRecords Rejected, int SampledOut = 0)
{
    /// <summary>The valid records the request carried: mapped or sampled out unmapped.</summary>
    public int Received => Envelopes.Count + SampledOut;
}
