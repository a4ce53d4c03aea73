using Gateway.Envelope;

namespace Gateway.Routing.Conditions;

/// <summary><c>not: { ... }</c>: holds when the wrapped block does not match.</summary>
public sealed class NotCondition(IEventCondition inner) : IEventCondition
{
    public bool Matches(EventEnvelope envelope) => !inner.Matches(envelope);
}
