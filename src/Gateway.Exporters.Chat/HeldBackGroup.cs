using Gateway.Envelope;

namespace Gateway.Exporters.Chat;

/// <summary>Events of one group that the rate limit kept from being posted: how many, and one of them to describe the group.</summary>
public sealed class HeldBackGroup(EventEnvelope example)
{
    public EventEnvelope Example { get; } = example;

    public int Count { get; set; }
}
