using Gateway.Envelope;
using Gateway.Otlp.Mapping;

namespace Gateway.Otlp.Receivers;

/// <summary>One request's envelopes, and the records refused as invalid (for partial_success).</summary>
public readonly record struct MappedLogs(List<EventEnvelope> Envelopes, RejectedRecords Rejected);
