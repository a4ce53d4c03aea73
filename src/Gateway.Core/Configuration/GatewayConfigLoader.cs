using Gateway.Exporters;
using Gateway.Routing;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Gateway.Configuration;

/// <summary>
/// Reads gateway.yaml into a <see cref="GatewayConfig"/>: every section bound onto typed options with each component's
/// defaults, every error collected with its line, and a <see cref="ConfigException"/> listing all of them.
/// </summary>
public sealed class GatewayConfigLoader
{
    private static readonly string[] TopLevelKeys = ["receivers", "processors", "exporters", "routes", "envelope", "service"];

    private readonly ComponentCatalog _catalog;
    private readonly Func<string, string?> _environment;

    public GatewayConfigLoader(ComponentCatalog catalog, Func<string, string?>? environment = null)
    {
        _catalog = catalog;
        _environment = environment ?? Environment.GetEnvironmentVariable;
    }

    public GatewayConfig LoadFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new ConfigException([new ConfigError(path, 0, 0, $"file not found (working directory {Directory.GetCurrentDirectory()}); pass --config PATH")]);
        }

        return Load(File.ReadAllText(path), path);
    }

    public GatewayConfig Load(string yaml, string sourceName)
    {
        var errors = new ConfigErrors(sourceName);
        var binder = new YamlBinder(errors, _environment);
        var root = Parse(yaml, errors);
        var sections = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        if (root is not null)
        {
            foreach (var (keyNode, valueNode) in root.Children)
            {
                var key = ((YamlScalarNode)keyNode).Value ?? string.Empty;
                if (Array.IndexOf(TopLevelKeys, key) < 0)
                {
                    errors.Add(keyNode, $"unknown top-level key '{key}'{YamlBinder.Suggest(key, TopLevelKeys)}; valid keys are {string.Join(", ", TopLevelKeys)}");
                    continue;
                }

                sections[key] = valueNode;
            }
        }

        var receivers = BindComponents(sections.GetValueOrDefault("receivers"), "receivers", errors, binder,
            type => _catalog.Receivers.TryGetValue(type, out var f) ? f.CreateDefaultOptions() : null, _catalog.Receivers.Keys, out _);
        var processors = BindComponents(sections.GetValueOrDefault("processors"), "processors", errors, binder,
            type => _catalog.Processors.TryGetValue(type, out var f) ? f.CreateDefaultOptions() : null, _catalog.Processors.Keys, out _);
        var exporterObjects = BindComponents(sections.GetValueOrDefault("exporters"), "exporters", errors, binder,
            type => _catalog.Exporters.TryGetValue(type, out var f) ? f.CreateDefaultOptions() : null, _catalog.Exporters.Keys, out var exporterNodes);
        var exporters = new Dictionary<ComponentId, ExporterOptions>();
        foreach (var (id, options) in exporterObjects) exporters[id] = (ExporterOptions)options;

        var envelope = binder.Bind<EnvelopeOptions>(sections.GetValueOrDefault("envelope"), "envelope");
        var service = binder.Bind<ServiceOptions>(sections.GetValueOrDefault("service"), "service");
        var (routes, routeNodes) = BindRoutes(sections.GetValueOrDefault("routes"), binder);

        var config = new GatewayConfig
        {
            SourcePath = sourceName,
            Receivers = receivers,
            Processors = processors,
            Exporters = exporters,
            ExporterNodes = exporterNodes,
            Routes = routes,
            RouteNodes = routeNodes,
            Envelope = envelope,
            Service = service,
        };
        RouteCompiler.Compile(routes, routeNodes, [.. exporters.Keys.Select(id => id.ToString())], binder);
        errors.ThrowIfAny();
        return config;
    }

    private static YamlMappingNode? Parse(string yaml, ConfigErrors errors)
    {
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(yaml));
            if (stream.Documents.Count == 0) return null;
            var root = stream.Documents[0].RootNode;
            if (root is YamlMappingNode mapping) return mapping;
            if (YamlBinder.IsNull(root)) return null;
            errors.Add(root, $"the file must be a block of keys ({string.Join(", ", TopLevelKeys)}), got {YamlBinder.Describe(root)}");
            return null;
        }
        catch (YamlException e)
        {
            errors.Add(e.Start, $"not valid YAML: {e.InnerException?.Message ?? e.Message}");
            return null;
        }
    }

    private static Dictionary<ComponentId, object> BindComponents(
        YamlNode? section, string sectionName, ConfigErrors errors, YamlBinder binder,
        Func<string, object?> createDefaults, IEnumerable<string> knownTypes, out Dictionary<ComponentId, YamlNode> nodes)
    {
        var result = new Dictionary<ComponentId, object>();
        nodes = [];
        if (section is null || YamlBinder.IsNull(section)) return result;
        if (section is not YamlMappingNode mapping)
        {
            errors.Add(section, $"{sectionName}: expected a block of components (e.g. 'file/archive:'), got {YamlBinder.Describe(section)}");
            return result;
        }

        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            var key = ((YamlScalarNode)keyNode).Value ?? string.Empty;
            if (!ComponentId.TryParse(key, out var id))
            {
                errors.Add(keyNode, $"{sectionName}: '{key}' is not a component id: write 'type' or 'type/name' using letters, digits, '_', '-' or '.'");
                continue;
            }

            var options = createDefaults(id.Type);
            if (options is null)
            {
                errors.Add(keyNode, $"{sectionName}: unknown type '{id.Type}'{YamlBinder.Suggest(id.Type, knownTypes)}; known types are {string.Join(", ", knownTypes)}");
                continue;
            }

            binder.BindObject(valueNode, options, $"{sectionName}.{key}");
            result[id] = options;
            nodes[id] = valueNode;
        }

        return result;
    }

    private static (List<RouteOptions> Routes, List<YamlNode> Nodes) BindRoutes(YamlNode? section, YamlBinder binder)
    {
        var routes = new List<RouteOptions>();
        var nodes = new List<YamlNode>();
        if (section is null || YamlBinder.IsNull(section)) return (routes, nodes);
        if (section is not YamlSequenceNode sequence)
        {
            binder.Errors.Add(section, $"routes: expected a list of routes ('- name: ...' entries), got {YamlBinder.Describe(section)}");
            return (routes, nodes);
        }

        var index = 0;
        foreach (var item in sequence.Children)
        {
            var route = binder.Bind<RouteOptions>(item, $"routes[{index}]");
            route.Name ??= $"route-{index}";
            routes.Add(route);
            nodes.Add(item);
            index++;
        }

        return (routes, nodes);
    }
}
