using System.Text.RegularExpressions;
using Gateway.Envelope;

namespace Gateway.Routing.Conditions;

/// <summary><c>{regex: ...}</c>: built once at start with the non-backtracking engine, so no pattern can stall the hot path.</summary>
public sealed class RegexPredicate(Regex regex) : IAttributePredicate
{
    public bool Matches(bool found, in AttributeValue value)
    {
        if (!found || value.IsEmpty) return false;
        return value.Kind == AttributeKind.String ? regex.IsMatch(value.AsString.AsSpan()) : regex.IsMatch(value.ToString());
    }
}
