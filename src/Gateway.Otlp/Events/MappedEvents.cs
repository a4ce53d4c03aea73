using Gateway.Envelope;

namespace Gateway.Otlp.Events;

/// <summary>A request's events as envelopes, what became of each, and how many of each shape there were.</summary>
internal sealed class MappedEvents(List<EventEnvelope> envelopes, EventOutcomes outcomes, int[] perFormat)
{
    public List<EventEnvelope> Envelopes { get; } = envelopes;

    public EventOutcomes Outcomes { get; } = outcomes;

    /// <summary>Envelopes per <see cref="EventFormat"/>, indexed by its value.</summary>
    public int[] PerFormat { get; } = perFormat;
}
