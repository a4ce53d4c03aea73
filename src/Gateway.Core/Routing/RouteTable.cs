using Gateway.Envelope;

namespace Gateway.Routing;

/// <summary>
/// The ordered routes with their exporters resolved to indexes. <see cref="Route"/> marks each target exporter once,
/// however many routes name it, so an event reaches an exporter at most once.
/// </summary>
public sealed class RouteTable
{
    private readonly CompiledRoute[] _routes;
    private readonly int[][] _targets;
    private readonly CompiledRoute? _default;
    private readonly int[] _defaultTargets;

    /// <param name="indexOf">The position of an exporter id among the runtime's exporters.</param>
    public RouteTable(IReadOnlyList<CompiledRoute> routes, Func<string, int> indexOf)
    {
        var ordered = new List<CompiledRoute>();
        foreach (var route in routes)
        {
            if (route.IsDefault) _default = route;
            else ordered.Add(route);
        }

        _routes = ordered.ToArray();
        _targets = Array.ConvertAll(_routes, r => Array.ConvertAll(r.Exporters, name => indexOf(name)));
        _defaultTargets = _default is null ? [] : Array.ConvertAll(_default.Exporters, name => indexOf(name));
        RouteNames = new string[_routes.Length + (_default is null ? 0 : 1)];
        for (var i = 0; i < _routes.Length; i++) RouteNames[i] = _routes[i].Name;
        if (_default is not null) RouteNames[^1] = _default.Name;
    }

    /// <summary>Route names in hit-count order: the ordered routes, then <c>default</c> when one is written.</summary>
    public string[] RouteNames { get; }

    public bool HasDefault => _default is not null;

    /// <summary>
    /// Marks the exporters <paramref name="envelope"/> goes to in <paramref name="targets"/> and counts the routes it
    /// matched in <paramref name="hits"/>. False when nothing matched and there is no default route (unrouted).
    /// </summary>
    public bool Route(EventEnvelope envelope, Span<bool> targets, Span<int> hits)
    {
        var matched = false;
        for (var i = 0; i < _routes.Length; i++)
        {
            var route = _routes[i];
            if (!route.Condition.Matches(envelope)) continue;
            matched = true;
            hits[i]++;

            // A drop route ends routing; what routes above it with continue: true already chose still stands.
            if (route.Drop) return true;
            foreach (var target in _targets[i]) targets[target] = true;
            if (!route.Continue) return true;
        }

        if (matched) return true;
        if (_default is null) return false;
        hits[_routes.Length]++;
        foreach (var target in _defaultTargets) targets[target] = true;
        return true;
    }
}
