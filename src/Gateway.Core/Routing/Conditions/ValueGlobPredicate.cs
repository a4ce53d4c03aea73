using System.Globalization;
using Gateway.Envelope;

namespace Gateway.Routing.Conditions;

/// <summary>
/// A value, glob or list of them. Strings are matched as globs; a literal that reads as a number is compared with
/// numeric attributes by value (so <c>200</c> matches an int 200 and a double 200.0); booleans by their text.
/// </summary>
public sealed class ValueGlobPredicate : IAttributePredicate
{
    private readonly GlobSet _globs;
    private readonly double[] _numbers;
    private readonly bool _onlyLiterals;

    public ValueGlobPredicate(GlobSet globs)
    {
        _globs = globs;
        var numbers = new List<double>();
        var onlyLiterals = true;
        foreach (var glob in globs.Patterns)
        {
            if (!glob.IsLiteral) onlyLiterals = false;
            else if (double.TryParse(glob.Pattern, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)) numbers.Add(number);
        }

        _numbers = numbers.ToArray();
        _onlyLiterals = onlyLiterals;
    }

    public bool Matches(bool found, in AttributeValue value)
    {
        if (!found) return false;
        switch (value.Kind)
        {
            case AttributeKind.String:
                return _globs.IsMatch(value.AsString);
            case AttributeKind.Bool:
                return _globs.IsMatch(value.AsBool ? "true" : "false");
            case AttributeKind.Long or AttributeKind.Double:
                value.TryGetNumber(out var number);
                foreach (var candidate in _numbers)
                {
                    if (candidate == number) return true;
                }

                // Only a wildcard pattern ("5*") needs the number's text; literals were settled above.
                return !_onlyLiterals && _globs.IsMatch(value.ToString());
            case AttributeKind.Empty:
                return false;
            default:
                return !_onlyLiterals && _globs.IsMatch(value.ToString());
        }
    }
}
