using Gateway.Configuration;
using YamlDotNet.RepresentationModel;

namespace Gateway.Routing;

/// <summary>One entry of <c>routes:</c>, as written; compiled into a matcher at start.</summary>
public sealed class RouteOptions
{
    public string? Name { get; set; }

    /// <summary>The conditions, kept as YAML so that compilation can report each condition's own line.</summary>
    public YamlNode? Match { get; set; }

    public List<string> Exporters { get; set; } = [];

    /// <summary>Also try the routes below when this one matches.</summary>
    public bool Continue { get; set; }

    /// <summary>Discard matching events (counted) instead of exporting them.</summary>
    public bool Drop { get; set; }
}
