using Gateway.Envelope;

namespace Gateway.Otlp.Events;

/// <summary>What <see cref="EventsBodyReader"/> made of a body: its envelopes, each event's outcome, or why the whole body would be refused.</summary>
public sealed record EventsBodyRead(List<EventEnvelope> Envelopes, EventOutcomes Outcomes, string? BodyProblem);
