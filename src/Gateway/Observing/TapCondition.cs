using Gateway.Configuration;
using Gateway.Routing;
using Gateway.Routing.Conditions;
using YamlDotNet.RepresentationModel;

namespace Gateway.Host.Observing;

/// <summary>
/// A tap's <c>where</c>: a route's <c>match:</c> block written on one line (<c>{level: ">=warn", service: checkout}</c>),
/// compiled by the routes' own compiler, so a condition means the same in a tap as in gateway.yaml.
/// </summary>
internal static class TapCondition
{
    public static bool TryCompile(string? text, out IEventCondition? condition, out string? error)
    {
        condition = null;
        error = null;
        if (string.IsNullOrWhiteSpace(text)) return true;
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            error = $"where: not a condition ({e.InnerException?.Message ?? e.Message}); write a route's match: block, e.g. {{level: \">=warn\", service: checkout}}";
            return false;
        }

        var root = stream.Documents.Count == 1 ? stream.Documents[0].RootNode : null;
        if (root is not YamlMappingNode)
        {
            error = $"where: expected conditions as in a route's match: block ({string.Join(", ", MatchCompiler.ConditionKeys)}), e.g. {{level: \">=warn\", service: checkout}}";
            return false;
        }

        var errors = new ConfigErrors("where");
        var compiled = new MatchCompiler(new YamlBinder(errors, _ => null)).Compile(root, "where");
        if (errors.Any)
        {
            error = string.Join("; ", errors.All.Select(e => e.Message));
            return false;
        }

        condition = compiled;
        return true;
    }
}
