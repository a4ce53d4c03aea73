using Gateway.Envelope;

namespace Gateway.Routing.Conditions;

/// <summary>What one <c>attributes:</c> entry requires of the value it finds (or does not find).</summary>
public interface IAttributePredicate
{
    bool Matches(bool found, in AttributeValue value);
}
