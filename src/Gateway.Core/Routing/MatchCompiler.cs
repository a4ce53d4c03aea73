using Gateway.Matching;
using System.Globalization;
using System.Text.RegularExpressions;
using Gateway.Configuration;
using Gateway.Envelope;
using Gateway.Routing.Conditions;
using YamlDotNet.RepresentationModel;

namespace Gateway.Routing;

/// <summary>
/// Turns a route's <c>match:</c> block into conditions, once, at start: globs classified, regexes built, level
/// comparisons folded into masks. Every mistake is reported at its own line with what to write instead.
/// </summary>
public sealed class MatchCompiler(YamlBinder binder)
{
    public static readonly string[] ConditionKeys = ["level", "name", "service", "environment", "attributes", "actor.type", "actor.id", "scope.type", "scope.id", "not"];

    private static readonly string[] AttributeTestKeys = ["exists", "regex", "gt", "gte", "lt", "lte"];

    private const string LevelHelp = "write a level (debug, info, warn, error, fatal), a list of them, or a comparison such as \">=warn\" (quoted: YAML reads a leading > as a block)";

    public IEventCondition Compile(YamlNode? match, string path)
    {
        if (match is null || YamlBinder.IsNull(match)) return new AllConditions([]);
        if (match is not YamlMappingNode mapping)
        {
            binder.Errors.Add(match, $"{path}: expected a block of conditions ({string.Join(", ", ConditionKeys)}), got {YamlBinder.Describe(match)}");
            return new AllConditions([]);
        }

        var conditions = new List<IEventCondition>();
        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            var key = ((YamlScalarNode)keyNode).Value ?? string.Empty;
            var at = $"{path}.{key}";
            switch (key)
            {
                case "level":
                    conditions.Add(new LevelCondition(CompileLevels(valueNode, at)));
                    break;
                case "name": conditions.Add(new FieldGlobCondition(EnvelopeField.Name, CompileGlobs(valueNode, at))); break;
                case "service": conditions.Add(new FieldGlobCondition(EnvelopeField.Service, CompileGlobs(valueNode, at))); break;
                case "environment": conditions.Add(new FieldGlobCondition(EnvelopeField.Environment, CompileGlobs(valueNode, at))); break;
                case "actor.type": conditions.Add(new FieldGlobCondition(EnvelopeField.ActorType, CompileGlobs(valueNode, at))); break;
                case "actor.id": conditions.Add(new FieldGlobCondition(EnvelopeField.ActorId, CompileGlobs(valueNode, at))); break;
                case "scope.type": conditions.Add(new FieldGlobCondition(EnvelopeField.ScopeType, CompileGlobs(valueNode, at))); break;
                case "scope.id": conditions.Add(new FieldGlobCondition(EnvelopeField.ScopeId, CompileGlobs(valueNode, at))); break;
                case "actor" or "scope" when valueNode is YamlMappingNode entity:
                    CompileEntity(key, entity, at, conditions);
                    break;
                case "actor" or "scope":
                    binder.Errors.Add(valueNode, $"{at}: match the entity by its fields: write {key}.type: ... and/or {key}.id: ... (or {key}: {{ type: ..., id: ... }})");
                    break;
                case "attributes":
                    CompileAttributes(valueNode, at, conditions);
                    break;
                case "not":
                    conditions.Add(new NotCondition(Compile(valueNode, at)));
                    break;
                default:
                    binder.Errors.Add(keyNode, $"{path}: unknown condition '{key}'{YamlBinder.Suggest(key, ConditionKeys)}; valid conditions are {string.Join(", ", ConditionKeys)}");
                    break;
            }
        }

        return conditions.Count == 1 ? conditions[0] : new AllConditions(conditions.ToArray());
    }

    /// <summary><c>actor: { type: user }</c> is the same as <c>actor.type: user</c>.</summary>
    private void CompileEntity(string entity, YamlMappingNode mapping, string path, List<IEventCondition> conditions)
    {
        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            var key = ((YamlScalarNode)keyNode).Value ?? string.Empty;
            EnvelopeField? field = (entity, key) switch
            {
                ("actor", "type") => EnvelopeField.ActorType,
                ("actor", "id") => EnvelopeField.ActorId,
                ("scope", "type") => EnvelopeField.ScopeType,
                ("scope", "id") => EnvelopeField.ScopeId,
                _ => null,
            };
            if (field is null)
            {
                binder.Errors.Add(keyNode, $"{path}: unknown key '{key}'; valid keys are type, id");
                continue;
            }

            conditions.Add(new FieldGlobCondition(field.Value, CompileGlobs(valueNode, $"{path}.{key}")));
        }
    }

    private int CompileLevels(YamlNode node, string path)
    {
        var mask = 0;
        foreach (var item in Scalars(node, path))
        {
            var text = binder.ReadScalar(item, path);
            if (text is null) continue;
            if (!TryParseLevelSpec(text.AsSpan().Trim(), out var levels)) binder.Errors.Add(item, $"{path}: '{text}' is not a level; {LevelHelp}");
            mask |= levels;
        }

        return mask;
    }

    /// <summary>"error", "=error", ">=warn", ">warn", "&lt;=info", "&lt;info", "!=debug" into a mask with bit (int)level set per level.</summary>
    public static bool TryParseLevelSpec(ReadOnlySpan<char> text, out int mask)
    {
        mask = 0;
        var op = text.StartsWith(">=") || text.StartsWith("<=") || text.StartsWith("!=") ? text[..2]
            : text.StartsWith(">") || text.StartsWith("<") || text.StartsWith("=") ? text[..1]
            : [];
        if (!EventLevelNames.TryParse(text[op.Length..].Trim(), out var level)) return false;
        var value = (int)level;
        for (var candidate = (int)EventLevel.Debug; candidate <= (int)EventLevel.Fatal; candidate++)
        {
            var include = op switch
            {
                ">=" => candidate >= value,
                ">" => candidate > value,
                "<=" => candidate <= value,
                "<" => candidate < value,
                "!=" => candidate != value,
                _ => candidate == value,
            };
            if (include) mask |= 1 << candidate;
        }

        return true;
    }

    private GlobSet CompileGlobs(YamlNode node, string path)
    {
        var patterns = new List<GlobPattern>();
        foreach (var item in Scalars(node, path))
        {
            var text = binder.ReadScalar(item, path);
            if (text is null) continue;
            if (text.Length == 0)
            {
                binder.Errors.Add(item, $"{path}: an empty pattern matches nothing; write a value or a glob such as \"payments-*\"");
                continue;
            }

            patterns.Add(GlobPattern.Compile(text));
        }

        return new GlobSet(patterns.ToArray());
    }

    private void CompileAttributes(YamlNode node, string path, List<IEventCondition> conditions)
    {
        if (node is not YamlMappingNode mapping)
        {
            binder.Errors.Add(node, $"{path}: expected 'key: test' entries, e.g. attributes: {{ http.status_code: {{gte: 500}} }}, got {YamlBinder.Describe(node)}");
            return;
        }

        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            var key = ((YamlScalarNode)keyNode).Value ?? string.Empty;
            var at = $"{path}.{key}";
            var predicate = valueNode is YamlMappingNode tests ? CompileAttributeTests(tests, at) : new ValueGlobPredicate(CompileGlobs(valueNode, at));
            if (predicate is not null) conditions.Add(new AttributeCondition(key, predicate));
        }
    }

    private IAttributePredicate? CompileAttributeTests(YamlMappingNode tests, string path)
    {
        IAttributePredicate? single = null;
        double lower = double.NegativeInfinity, upper = double.PositiveInfinity;
        bool lowerInclusive = true, upperInclusive = true, range = false;
        var kinds = 0;
        foreach (var (keyNode, valueNode) in tests.Children)
        {
            var key = ((YamlScalarNode)keyNode).Value ?? string.Empty;
            var at = $"{path}.{key}";
            var text = binder.ReadScalar(valueNode, at);
            if (text is null) continue;
            switch (key)
            {
                case "exists":
                    if (text is "true" or "false") single = new ExistsPredicate(text == "true");
                    else binder.Errors.Add(valueNode, $"{at}: '{text}' is not true or false");
                    kinds++;
                    break;
                case "regex":
                    single = CompileRegex(text, valueNode, at);
                    kinds++;
                    break;
                case "gt" or "gte" or "lt" or "lte":
                    if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var bound))
                    {
                        binder.Errors.Add(valueNode, $"{at}: '{text}' is not a number");
                        break;
                    }

                    if (!range) kinds++;
                    range = true;
                    if (key[0] == 'g') (lower, lowerInclusive) = (bound, key == "gte");
                    else (upper, upperInclusive) = (bound, key == "lte");
                    break;
                default:
                    binder.Errors.Add(keyNode, $"{path}: unknown attribute test '{key}'{YamlBinder.Suggest(key, AttributeTestKeys)}; valid tests are {string.Join(", ", AttributeTestKeys)} (or a value / glob / list instead of a block)");
                    break;
            }
        }

        if (kinds > 1)
        {
            binder.Errors.Add(tests, $"{path}: use one kind of test per attribute (exists, regex, or gt/gte/lt/lte); to combine, repeat the condition under not: or use another route");
            return null;
        }

        if (range) return new NumericRangePredicate(lower, lowerInclusive, upper, upperInclusive);
        if (single is null && kinds == 0 && tests.Children.Count == 0) binder.Errors.Add(tests, $"{path}: an empty block tests nothing; write e.g. {{exists: true}}");
        return single;
    }

    private RegexPredicate? CompileRegex(string pattern, YamlNode at, string path)
    {
        try
        {
            return new RegexPredicate(new Regex(pattern, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant));
        }
        catch (ArgumentException e)
        {
            binder.Errors.Add(at, $"{path}: not a valid regular expression: {e.Message}");
        }
        catch (NotSupportedException e)
        {
            binder.Errors.Add(at, $"{path}: {e.Message} (routes use the linear-time regex engine: no backreferences or lookarounds)");
        }

        return null;
    }

    private IEnumerable<YamlNode> Scalars(YamlNode node, string path)
    {
        if (node is YamlSequenceNode sequence) return sequence.Children;
        if (node is YamlMappingNode)
        {
            binder.Errors.Add(node, $"{path}: expected a value or a list of values, got a block of keys");
            return [];
        }

        return [node];
    }
}
