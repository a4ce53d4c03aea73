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

    /// <summary>The smallest configuration that delivers, quoted wherever one is missing.</summary>
    internal const string StarterConfig = "exporters: { console: {} } and routes: [ { name: everything, exporters: [console] } ]";

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
        var unknownSection = false;
        if (root is not null)
        {
            foreach (var (keyNode, valueNode) in root.Children)
            {
                var key = ((YamlScalarNode)keyNode).Value ?? string.Empty;
                if (Array.IndexOf(TopLevelKeys, key) < 0)
                {
                    errors.Add(keyNode, $"unknown top-level key '{key}'{YamlBinder.Suggest(key, TopLevelKeys)}; valid keys are {string.Join(", ", TopLevelKeys)}");
                    unknownSection = true;
                    continue;
                }

                sections[key] = valueNode;
            }
        }

        var receivers = BindComponents(sections.GetValueOrDefault("receivers"), "receivers", errors, binder,
            type => _catalog.Receivers.TryGetValue(type, out var f) ? f.CreateDefaultOptions() : null, _catalog.Receivers.Keys, out _);
        var processors = BindComponents(sections.GetValueOrDefault("processors"), "processors", errors, binder,
            type => _catalog.Processors.TryGetValue(type, out var f) ? f.CreateDefaultOptions() : null, _catalog.Processors.Keys, out _);
        var samplingOff = SamplingSwitch.Apply(processors, _environment, errors);
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
            SamplingSwitchedOff = samplingOff,
            Exporters = exporters,
            ExporterNodes = exporterNodes,
            Routes = routes,
            RouteNodes = routeNodes,
            Envelope = envelope,
            Service = service,
        };
        RouteCompiler.Compile(routes, routeNodes, [.. exporters.Keys.Select(id => id.ToString())], binder);
        // A misspelled section (exporter:, route:) is already reported; "nothing is delivered" would only repeat it.
        if (root is not null && !unknownSection) DeliveryCheck.RequireAnExporterReached(config, root, EndOf(yaml), errors);
        errors.ThrowIfAny();
        return config;
    }

    /// <summary>
    /// A parser that runs out of input reports the end of the stream, past the last line; a file cut off mid-way
    /// (half-written, or a bracket never closed) is then placed at the end of its last line, and said to be cut off.
    /// </summary>
    private static void AddSyntaxError(string yaml, Mark at, string message, ConfigErrors errors)
    {
        var content = yaml.AsSpan().TrimEnd();
        if (at.Index < content.Length)
        {
            errors.Add(at, message);
            return;
        }

        var lastLineStart = content.LastIndexOf('\n') + 1;
        var end = new Mark(content.Length, content.Count('\n') + 1, content.Length - lastLineStart + 1);
        errors.Add(end, $"{message.TrimEnd('.')} (the file ends here before the block is complete: a half-written file, or a bracket or quote not closed)");
    }

    /// <summary>The line after the last one: where a missing section would be added.</summary>
    private static Mark EndOf(string yaml)
    {
        var lines = yaml.AsSpan().Count('\n');
        return new Mark(yaml.Length, yaml.EndsWith('\n') ? lines + 1 : lines + 2, 1);
    }

    private static YamlMappingNode? Parse(string yaml, ConfigErrors errors)
    {
        var parser = new PositionTrackingParser(yaml);
        var stream = new YamlStream();
        try
        {
            stream.Load(parser);
        }
        catch (YamlException e)
        {
            AddSyntaxError(yaml, e.Start, $"not valid YAML: {e.InnerException?.Message ?? e.Message}", errors);
            return null;
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            // YamlDotNet gives up on some inputs (a stray ':' inside a block, a cut-off flow block) with an exception
            // that carries neither position nor reason ("Operation is not valid due to the current state of the object").
            AddSyntaxError(yaml, parser.FailedAt(e), "not valid YAML: the parser stopped here; check the indentation (spaces, no tabs), that every key is followed by ': ', and that brackets and quotes are closed", errors);
            return null;
        }

        if (stream.Documents.Count == 0)
        {
            errors.Add(Mark.Empty, $"the file is empty (blank lines and comments only); a configuration needs at least an exporter and a route, e.g. {StarterConfig}");
            return null;
        }

        if (stream.Documents.Count > 1)
        {
            errors.Add(stream.Documents[1].RootNode, "a second YAML document starts here (after a '---' line); gateway.yaml is one document: remove the '---' or merge the documents");
            return null;
        }

        var root = stream.Documents[0].RootNode;
        if (root is YamlMappingNode mapping) return YamlKeys.AllScalar(mapping, errors) ? mapping : null;
        if (YamlBinder.IsNull(root))
        {
            errors.Add(root, $"the file holds no configuration; it needs at least an exporter and a route, e.g. {StarterConfig}");
            return null;
        }

        errors.Add(root, $"the file must be a block of keys ({string.Join(", ", TopLevelKeys)}), got {YamlBinder.Describe(root)}");
        return null;
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
