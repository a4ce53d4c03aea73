using Gateway.Envelope;
using Gateway.Otlp.Mapping;

namespace Gateway.Otlp.Events;

/// <summary>
/// A JSON events body read exactly as <c>POST /v1/events</c> reads it (scanned, each event's shape detected or forced,
/// mapped by the <see cref="EnvelopeMapper"/>), without the HTTP door around it: for <c>gateway test</c>, whose inputs
/// must become the envelopes a live request would.
/// </summary>
public static class EventsBodyReader
{
    /// <summary>The envelopes of <paramref name="body"/> and what became of each event; a body the endpoint would refuse as a whole gives its 400 message.</summary>
    public static EventsBodyRead Read(EnvelopeMapper mapper, ReadOnlySpan<byte> body, EventFormat? format, string? service, int maxEvents)
    {
        try
        {
            var scan = EventBodyScanner.Scan(body, ndjson: false, format, maxEvents);
            if (scan.Events == 0) return new EventsBodyRead([], new EventOutcomes(), "the body holds no event; write one event object, e.g. {name: user.signup}");
            var mapped = EventsMapper.Map(mapper, body, scan, format, service);
            return new EventsBodyRead(mapped.Envelopes, mapped.Outcomes, null);
        }
        catch (EventsBodyException e)
        {
            return new EventsBodyRead([], new EventOutcomes(), e.Message);
        }
        catch (TooManyEventsException e)
        {
            return new EventsBodyRead([], new EventOutcomes(), e.Message);
        }
    }
}
