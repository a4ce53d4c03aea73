using System.Globalization;
using Gateway.Envelope;

namespace Gateway.Routing.Conditions;

/// <summary><c>{gt/gte/lt/lte: n}</c>, combinable (<c>{gte: 500, lt: 600}</c>); numeric strings count as numbers.</summary>
public sealed class NumericRangePredicate(double lowerBound, bool lowerInclusive, double upperBound, bool upperInclusive) : IAttributePredicate
{
    public bool Matches(bool found, in AttributeValue value)
    {
        if (!found) return false;
        if (!value.TryGetNumber(out var number))
        {
            if (!value.TryGetString(out var text) || !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out number)) return false;
        }

        if (double.IsNaN(number)) return false;
        var aboveLower = lowerInclusive ? number >= lowerBound : number > lowerBound;
        var belowUpper = upperInclusive ? number <= upperBound : number < upperBound;
        return aboveLower && belowUpper;
    }
}
