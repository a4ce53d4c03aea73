using System.Text.Json;

namespace Gateway.Testing.Sentry;

/// <summary>One event item the double accepted, as Sentry would store it.</summary>
/// <param name="ProjectId">The project of the URL it was posted to.</param>
/// <param name="Payload">The event JSON.</param>
/// <param name="EnvelopeHeader">The envelope's first line.</param>
/// <param name="Envelope">The whole decompressed envelope text, to assert that something appears nowhere.</param>
public sealed record ReceivedSentryEvent(string ProjectId, JsonElement Payload, JsonElement EnvelopeHeader, string Envelope)
{
    public string EventId => Payload.GetProperty("event_id").GetString()!;
}
