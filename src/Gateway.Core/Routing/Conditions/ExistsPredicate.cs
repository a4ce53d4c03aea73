using Gateway.Envelope;

namespace Gateway.Routing.Conditions;

/// <summary><c>{exists: true}</c> / <c>{exists: false}</c>.</summary>
public sealed class ExistsPredicate(bool mustExist) : IAttributePredicate
{
    public bool Matches(bool found, in AttributeValue value) => found == mustExist;
}
