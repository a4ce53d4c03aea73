namespace Gateway.Otlp.Events;

/// <summary>The event shapes <c>POST /v1/events</c> reads (docs/events-api.md has a table per shape), in the order that breaks a detection tie.</summary>
public enum EventFormat : byte
{
    Igniter,
    Flux,
    Operational,
    Dash0,
    Tracardi,
}
