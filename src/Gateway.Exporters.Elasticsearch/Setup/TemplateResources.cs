using System.Text.Json.Nodes;

namespace Gateway.Exporters.Elasticsearch.Setup;

/// <summary>The JSON bodies of config/elasticsearch/, embedded in the assembly: one source for set-up and for manual installs.</summary>
public static class TemplateResources
{
    public const string EcsMappings = "elasticsearch/mappings-ecs.json";
    public const string EnvelopeMappings = "elasticsearch/mappings-envelope.json";
    public const string IlmPolicy = "elasticsearch/ilm-policy.json";

    public static JsonObject Load(string name)
    {
        using var stream = typeof(TemplateResources).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"embedded resource '{name}' is missing from {typeof(TemplateResources).Assembly.GetName().Name}");
        return JsonNode.Parse(stream)!.AsObject();
    }
}
