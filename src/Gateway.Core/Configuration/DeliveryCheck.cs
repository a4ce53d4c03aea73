using Gateway.Routing;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Gateway.Configuration;

/// <summary>
/// A gateway that acknowledges events it can deliver nowhere loses all of them while answering 200. So a
/// configuration must define an exporter and let at least one route reach it: with none, or with every route dropping
/// (or a catch-all drop above the first route that exports), it is refused at start, by <c>validate</c> and on reload.
/// No <c>routes:</c> at all is fine: every event then goes to every exporter.
/// </summary>
internal static class DeliveryCheck
{
    public static void RequireAnExporterReached(GatewayConfig config, YamlMappingNode root, Mark endOfFile, ConfigErrors errors)
    {
        if (config.Exporters.Count == 0)
        {
            // A route naming an exporter has already been told that it is not defined.
            foreach (var route in config.Routes)
            {
                if (route.Exporters.Count > 0) return;
            }

            var message = $"no exporters are defined, so every event would be acknowledged and then dropped; add one under exporters: (console: {{}} writes each event to the terminal, file: {{ path: ./data/events.ndjson }} to a file) and a route to it, e.g. {GatewayConfigLoader.StarterConfig}";
            // Without an exporters: key, the end of the file is where one goes.
            if (KeyOf(root, "exporters") is { } key) errors.Add(key, message);
            else errors.Add(endOfFile, message);
            return;
        }

        if (config.Routes.Count == 0 || Reaches(config.Routes, out var blocker)) return;
        var ids = config.Exporters.Keys.Select(id => id.ToString()).Order(StringComparer.Ordinal).ToArray();
        var defined = string.Join(", ", ids);
        if (blocker is { } index)
        {
            var name = config.Routes[index].Name;
            errors.Add(config.RouteNodes[index], $"routes[{index}] ({name}) drops every event (drop: true without match:) before any route reaches an exporter, so everything would be acknowledged and then dropped; give it a match:, or put a route to an exporter above it (defined exporters are {defined})");
            return;
        }

        errors.Add(KeyOf(root, "routes") ?? root, $"no route sends events to an exporter (every route drops), so everything would be acknowledged and then dropped; add a route to an exporter, e.g. - {{ name: everything, exporters: [{ids[0]}] }} (defined exporters are {defined})");
    }

    /// <summary>
    /// Whether some route can hand an event to an exporter: one above the first catch-all drop (a drop without
    /// <c>match:</c>, whose index comes out as <paramref name="blocker"/>), or the <c>default</c> route when nothing
    /// catches everything before it. Conditions are not evaluated: a route with a <c>match:</c> may match.
    /// </summary>
    private static bool Reaches(IReadOnlyList<RouteOptions> routes, out int? blocker)
    {
        blocker = null;
        RouteOptions? fallback = null;
        for (var i = 0; i < routes.Count; i++)
        {
            var route = routes[i];
            if (route.Name == CompiledRoute.DefaultName)
            {
                fallback = route;
                continue;
            }

            if (!route.Drop && route.Exporters.Count > 0) return true;
            if (route.Drop && MatchesEverything(route))
            {
                blocker = i;
                return false;
            }
        }

        return fallback is { Drop: false, Exporters.Count: > 0 };
    }

    private static bool MatchesEverything(RouteOptions route) =>
        route.Match is null || YamlBinder.IsNull(route.Match) || route.Match is YamlMappingNode { Children.Count: 0 };

    private static YamlNode? KeyOf(YamlMappingNode root, string key)
    {
        foreach (var (keyNode, _) in root.Children)
        {
            if (keyNode is YamlScalarNode { Value: var k } && k == key) return keyNode;
        }

        return null;
    }
}
