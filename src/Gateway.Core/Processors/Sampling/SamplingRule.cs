using Gateway.Matching;
using System.Globalization;
using Gateway.Envelope;

namespace Gateway.Processors.Sampling;

/// <summary>A compiled <see cref="SamplingRuleOptions"/>: globs built once, matched without allocating.</summary>
public sealed class SamplingRule
{
    private readonly GlobPattern? _name;
    private readonly GlobPattern? _service;
    private readonly EventLevel? _level;
    private readonly KeyValuePair<string, GlobPattern>[] _attributes;

    public SamplingRule(SamplingRuleOptions options)
    {
        _name = options.Name is null ? null : GlobPattern.Compile(options.Name, ignoreCase: false);
        _service = options.Service is null ? null : GlobPattern.Compile(options.Service, ignoreCase: false);
        _level = options.Level is not null && EventLevelNames.TryParse(options.Level, out var level) ? level : null;
        _attributes = [.. options.Attributes.Select(static a => KeyValuePair.Create(a.Key, GlobPattern.Compile(a.Value, ignoreCase: false)))];
        Rate = options.Rate ?? throw new ArgumentException("a sampling rule without a rate passed validation", nameof(options));
    }

    public double Rate { get; }

    /// <summary>The rule has attribute conditions, which only a mapped envelope can answer.</summary>
    public bool ReadsAttributes => _attributes.Length > 0;

    public bool ReadsName => _name is not null;

    public bool Matches(EventEnvelope envelope)
    {
        if (!MatchesFields(envelope.Level, envelope.Name, envelope.Service)) return false;
        foreach (var (key, glob) in _attributes)
        {
            if (!AttributeMatches(envelope.Attributes, key, glob)) return false;
        }

        return true;
    }

    /// <summary>The level, name and service conditions; <paramref name="name"/> is read only when the rule has a name condition.</summary>
    public bool MatchesFields(EventLevel level, ReadOnlySpan<char> name, string service)
    {
        if (_level is { } wanted && level != wanted) return false;
        if (_name is not null && !_name.IsMatch(name)) return false;
        return _service is null || _service.IsMatch(service);
    }

    private static bool AttributeMatches(KeyValue[] attributes, string key, GlobPattern glob)
    {
        foreach (ref readonly var attribute in attributes.AsSpan())
        {
            if (!string.Equals(attribute.Key, key, StringComparison.Ordinal)) continue;
            var value = attribute.Value;
            switch (value.Kind)
            {
                case AttributeKind.String:
                    return glob.IsMatch(value.AsString);
                case AttributeKind.Bool:
                    return glob.IsMatch(value.AsBool ? "true" : "false");
                case AttributeKind.Long:
                case AttributeKind.Double:
                {
                    Span<char> text = stackalloc char[32];
                    var written = 0;
                    var formatted = value.Kind == AttributeKind.Long
                        ? value.AsLong.TryFormat(text, out written, default, CultureInfo.InvariantCulture)
                        : value.AsDouble.TryFormat(text, out written, "R", CultureInfo.InvariantCulture);
                    return formatted && glob.IsMatch(text[..written]);
                }

                default:
                    return false;
            }
        }

        return false;
    }
}
