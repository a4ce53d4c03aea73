using Gateway.Envelope;

namespace Gateway.Routing.Conditions;

/// <summary>One <c>attributes:</c> entry: looks the key up once and hands the result to its predicate.</summary>
public sealed class AttributeCondition(string key, IAttributePredicate predicate) : IEventCondition
{
    public bool Matches(EventEnvelope envelope)
    {
        var found = AttributeLookup.TryFind(envelope.Attributes, key, out var value);
        return predicate.Matches(found, value);
    }
}
