using Gateway.Exporters;
using Gateway.Routing;
using YamlDotNet.RepresentationModel;

namespace Gateway.Configuration;

/// <summary>A loaded, bound and validated gateway.yaml: an immutable snapshot the runtime is built from.</summary>
public sealed class GatewayConfig
{
    public required string SourcePath { get; init; }

    public required IReadOnlyDictionary<ComponentId, object> Receivers { get; init; }

    public required IReadOnlyDictionary<ComponentId, object> Processors { get; init; }

    /// <summary>$GATEWAY_SAMPLING=off took the file's sampling processors out: every event is kept.</summary>
    public bool SamplingSwitchedOff { get; init; }

    public required IReadOnlyDictionary<ComponentId, ExporterOptions> Exporters { get; init; }

    /// <summary>The YAML block of each exporter, so later checks can point at its line.</summary>
    public required IReadOnlyDictionary<ComponentId, YamlNode> ExporterNodes { get; init; }

    public required IReadOnlyList<RouteOptions> Routes { get; init; }

    /// <summary>The YAML entry of each route, same order as <see cref="Routes"/>.</summary>
    public required IReadOnlyList<YamlNode> RouteNodes { get; init; }

    public required EnvelopeOptions Envelope { get; init; }

    /// <summary>The <c>service:</c> block (shutdown timeout, dead-letter file); defaults when not written.</summary>
    public ServiceOptions Service { get; init; } = new();

    public T? FindReceiver<T>(string type) where T : class
    {
        foreach (var (id, options) in Receivers)
        {
            if (id.Type == type && options is T typed) return typed;
        }

        return null;
    }

    /// <summary>The first exporter of a type with its id (e.g. the Sentry exporter a chat message links to).</summary>
    public (ComponentId Id, T Options)? FindExporter<T>(string type) where T : ExporterOptions
    {
        foreach (var (id, options) in Exporters)
        {
            if (id.Type == type && options is T typed) return (id, typed);
        }

        return null;
    }
}
