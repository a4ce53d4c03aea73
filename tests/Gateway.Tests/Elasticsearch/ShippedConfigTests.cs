using Gateway.Exporters.Elasticsearch.Kibana;
using Gateway.Exporters.Elasticsearch.Setup;
using Gateway.Testing;

namespace Gateway.Tests.Elasticsearch;

/// <summary>config/elasticsearch and config/kibana are what users install by hand: they must be what the exporter installs.</summary>
public sealed class ShippedConfigTests
{
    private static string RepositoryFile(params string[] parts) => RepositoryFiles.PathOf(parts);

    private static string Embedded(string name)
    {
        using var stream = typeof(TemplateResources).Assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [Theory]
    [InlineData(TemplateResources.EcsMappings, "config/elasticsearch/mappings-ecs.json")]
    [InlineData(TemplateResources.EnvelopeMappings, "config/elasticsearch/mappings-envelope.json")]
    [InlineData(TemplateResources.IlmPolicy, "config/elasticsearch/ilm-policy.json")]
    [InlineData(KibanaSavedObjectsImporter.BuiltInAsset, "config/kibana/gateway-saved-objects.ndjson")]
    public void TheCopyUnderConfigIsWhatTheExporterShips(string resource, string path)
    {
        Assert.Equal(Embedded(resource), File.ReadAllText(RepositoryFile(path.Split('/'))));
    }
}
