using System.Text;
using Gateway.Configuration;
using Gateway.Otlp.Events;
using Gateway.Otlp.Mapping;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Tests.Events;

/// <summary>An events body read and mapped as the endpoint does, without the host: what the file exporter would be handed.</summary>
internal static class EventsMapping
{
    public static readonly DateTimeOffset ReceivedAt = new(2026, 3, 14, 12, 0, 0, TimeSpan.Zero);

    public static MappedEvents Map(string json, string? service = null) => Map(Encoding.UTF8.GetBytes(json), service);

    public static MappedEvents Map(byte[] body, string? service = null)
    {
        var mapper = new EnvelopeMapper(new EnvelopeOptions(), new FakeTimeProvider(ReceivedAt));
        return EventsMapper.Map(mapper, body, EventBodyScanner.Scan(body, ndjson: false, forced: null, maxEvents: 1000), forced: null, service);
    }
}
