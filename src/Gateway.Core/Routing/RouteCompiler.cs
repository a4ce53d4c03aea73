using Gateway.Configuration;
using YamlDotNet.RepresentationModel;

namespace Gateway.Routing;

/// <summary>
/// Checks and compiles <c>routes:</c> against the defined exporters. Runs when the file is loaded (so every mistake
/// comes with its line, all at once) and again when the runtime is built from the loaded snapshot.
/// </summary>
public static class RouteCompiler
{
    public static List<CompiledRoute> Compile(IReadOnlyList<RouteOptions> routes, IReadOnlyList<YamlNode> nodes, IReadOnlyCollection<string> exporterIds, YamlBinder binder)
    {
        var errors = binder.Errors;
        var matchCompiler = new MatchCompiler(binder);
        var known = new HashSet<string>(exporterIds, StringComparer.Ordinal);
        var existing = known.Count == 0 ? "no exporters are defined under exporters:" : $"defined exporters are {string.Join(", ", known.Order(StringComparer.Ordinal))}";
        var names = new HashSet<string>(StringComparer.Ordinal);
        var compiled = new List<CompiledRoute>(routes.Count);
        for (var i = 0; i < routes.Count; i++)
        {
            var route = routes[i];
            var node = i < nodes.Count ? nodes[i] as YamlMappingNode : null;
            var name = route.Name ?? $"route-{i}";
            var path = $"routes[{i}] ({name})";
            if (!names.Add(name)) errors.Add(NodeOf(node, "name") ?? node, $"{path}: another route is already named '{name}'; route names label metrics and must be unique");

            var exportersNode = NodeOf(node, "exporters");
            foreach (var exporter in route.Exporters)
            {
                if (known.Contains(exporter)) continue;
                var at = (exportersNode as YamlSequenceNode)?.Children.FirstOrDefault(n => n is YamlScalarNode s && s.Value == exporter) ?? exportersNode ?? node;
                errors.Add(at, $"{path}: exporter '{exporter}' is not defined{YamlBinder.Suggest(exporter, known)}; {existing}");
            }

            if (route.Drop && route.Exporters.Count > 0) errors.Add(node, $"{path}: a route with drop: true sends nowhere; remove its exporters or the drop");
            if (route.Drop && route.Continue) errors.Add(NodeOf(node, "continue") ?? node, $"{path}: drop: true ends routing, so continue: true has no effect; remove one of them");
            if (!route.Drop && route.Exporters.Count == 0) errors.Add(node, $"{path}: the route sends nowhere; list exporters ({existing}) or write drop: true to discard what it matches");

            var isDefault = name == CompiledRoute.DefaultName;
            if (isDefault && route.Match is not null && !YamlBinder.IsNull(route.Match))
            {
                errors.Add(route.Match, $"{path}: the default route takes the events no other route matched, so it has no match:; remove it, or rename the route to evaluate it in order");
            }

            if (isDefault && route.Continue) errors.Add(NodeOf(node, "continue") ?? node, $"{path}: the default route is the last stop; remove continue: true");

            compiled.Add(new CompiledRoute
            {
                Name = name,
                Condition = matchCompiler.Compile(route.Match, $"routes[{i}].match"),
                Exporters = [.. route.Exporters.Distinct(StringComparer.Ordinal)],
                Continue = route.Continue,
                Drop = route.Drop,
            });
        }

        return compiled;
    }

    private static YamlNode? NodeOf(YamlMappingNode? node, string key)
    {
        if (node is null) return null;
        foreach (var (keyNode, value) in node.Children)
        {
            if (keyNode is YamlScalarNode { Value: var k } && k == key) return value;
        }

        return null;
    }
}
