using Gateway.Configuration;
using Gateway.Envelope;
using Gateway.Routing;
using Gateway.Testing.Pipeline;

namespace Gateway.Tests.Routing;

/// <summary>Compiles a <c>routes:</c> block against four exporters and says where an event goes.</summary>
internal sealed class RouteProbe
{
    private const string Exporters = """
        exporters:
          store/search: {}
          store/archive: {}
          chat/oncall: {}
          chat/team: {}

        """;

    private readonly RouteTable _table;
    private readonly string[] _names;

    private RouteProbe(RouteTable table, string[] names)
    {
        _table = table;
        _names = names;
    }

    public string[] RouteNames => _table.RouteNames;

    public static RouteProbe For(string routesYaml)
    {
        var config = Load(routesYaml);
        var names = new List<string>();
        foreach (var id in config.Exporters.Keys) names.Add(id.ToString());
        var errors = new ConfigErrors("test.yaml");
        var routes = RouteCompiler.Compile(config.Routes, config.RouteNodes, names, new YamlBinder(errors));
        errors.ThrowIfAny();
        return new RouteProbe(new RouteTable(routes, name => names.IndexOf(name)), names.ToArray());
    }

    public static GatewayConfig Load(string routesYaml) =>
        new GatewayConfigLoader(PipelineHarness.Catalog(out _, out _), _ => null).Load(Exporters + routesYaml, "test.yaml");

    /// <summary>The exporters the event goes to, sorted (empty when dropped); fails the test when it is unrouted.</summary>
    public string[] Targets(EventEnvelope envelope) => Route(envelope, out _) ?? throw new Xunit.Sdk.XunitException("the event matched no route");

    /// <summary>Null when the event is unrouted.</summary>
    public string[]? Route(EventEnvelope envelope, out int[] hits)
    {
        var targets = new bool[_names.Length];
        hits = new int[_table.RouteNames.Length];
        if (!_table.Route(envelope, targets, hits)) return null;
        var result = new List<string>();
        for (var i = 0; i < targets.Length; i++)
        {
            if (targets[i]) result.Add(_names[i]);
        }

        result.Sort(StringComparer.Ordinal);
        return result.ToArray();
    }

    public bool Matches(EventEnvelope envelope) => Route(envelope, out _) is { Length: > 0 };
}
