using Gateway.Otlp.Receivers.Limits;

namespace Gateway.Otlp.Receivers.Http;

/// <summary>An OTLP/HTTP request read and mapped: its envelopes, its share of the in-flight memory, and the top-level JSON fields it had that OTLP does not know.</summary>
internal readonly record struct DecodedRequest(MappedLogs Mapped, MemoryReservation Reservation, IReadOnlyList<string> UnknownFields);
