using Gateway.Configuration;
using Gateway.Exporters.Elasticsearch;
using Gateway.Exporters.Elasticsearch.Configuration;
using Gateway.Queues;

namespace Gateway.Tests.Elasticsearch;

public sealed class OptionsTests
{
    private static GatewayConfig Load(string exporterYaml)
    {
        var catalog = new ComponentCatalog().Add(new ElasticsearchExporterFactory());
        return new GatewayConfigLoader(catalog, _ => null).Load("exporters:\n  elasticsearch:\n" + exporterYaml, "gateway.yaml");
    }

    private static string ErrorsOf(string exporterYaml) => Assert.Throws<ConfigException>(() => Load(exporterYaml)).Message;

    [Fact]
    public void StorageDefaultsApply()
    {
        var options = (ElasticsearchExporterOptions)Load("    endpoints: [http://localhost:9200]\n").Exporters.Values.Single();

        Assert.Equal(QueueFullPolicy.Block, options.Queue.Policy);
        Assert.Equal(TimeSpan.Zero, options.Retry.MaxElapsedTime);
        Assert.Equal(5_000_000, options.Batch.MaxBytes.Bytes);
        Assert.Equal(BodyCompression.Gzip, options.Compression);
        Assert.Equal(DocumentMapping.Ecs, options.Mapping);
        Assert.True(options.Setup.Enabled);
        Assert.Equal("gateway", options.DataStream.Dataset);
    }

    [Fact]
    public void EveryOptionBindsFromSnakeCaseYaml()
    {
        var options = (ElasticsearchExporterOptions)Load(
            "    endpoints: [https://es1:9200, https://es2:9200]\n" +
            "    api_key: id:key\n" +
            "    data_stream: { dataset: shop, namespace: eu }\n" +
            "    mapping: envelope\n" +
            "    compression: none\n" +
            "    timeout: 5s\n" +
            "    sniffing: true\n" +
            "    dead_timeout: 10s\n" +
            "    max_dead_timeout: 5m\n" +
            "    tls: { insecure_skip_verify: true }\n" +
            "    setup: { enabled: false, template_name: shop-logs, priority: 300, ilm_policy: shop, delete_after: 7d, extra_datasets: [billing] }\n").Exporters.Values.Single();

        Assert.Equal(["https://es1:9200", "https://es2:9200"], options.Endpoints);
        Assert.Equal("shop", options.DataStream.Dataset);
        Assert.Equal("eu", options.DataStream.Namespace);
        Assert.Equal(DocumentMapping.Envelope, options.Mapping);
        Assert.Equal(BodyCompression.None, options.Compression);
        Assert.Equal(TimeSpan.FromSeconds(5), options.Timeout);
        Assert.True(options.Sniffing);
        Assert.Equal((TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(5)), (options.DeadTimeout, options.MaxDeadTimeout));
        Assert.True(options.Tls.InsecureSkipVerify);
        Assert.Equal(("shop-logs", 300, "shop", "7d", "billing"), (options.Setup.TemplateName, options.Setup.Priority, options.Setup.IlmPolicy, options.Setup.DeleteAfter, options.Setup.ExtraDatasets.Single()));
    }

    [Theory]
    [InlineData("    mapping: ecs\n", "write endpoints: [http://localhost:9200]")]
    [InlineData("    endpoints: [localhost:9200]\n", "is not an http(s) URL")]
    [InlineData("    cloud_id: nope:!!!\n", "is not a Cloud ID")]
    [InlineData("    endpoints: [http://a:9200]\n    api_key: k\n    username: u\n    password: p\n", "give only one of api_key")]
    [InlineData("    endpoints: [http://a:9200]\n    username: u\n", "needs both username and password")]
    [InlineData("    endpoints: [http://a:9200]\n    data_stream: { dataset: My-App }\n", "e.g. my_app")]
    [InlineData("    endpoints: [http://a:9200]\n    index: Gateway-%{+yyyy.MM.dd}\n", "lower case")]
    [InlineData("    endpoints: [http://a:9200]\n    index: gateway-%{+yyyy.MM.dd.HH.mm}\n", "hourly indices are the finest")]
    [InlineData("    endpoints: [http://a:9200]\n    index: gateway\n    data_stream: { dataset: x }\n", "not both")]
    [InlineData("    endpoints: [http://a:9200]\n    setup: { priority: 100 }\n", "above 100")]
    [InlineData("    endpoints: [http://a:9200]\n    setup: { delete_after: 30days }\n", "e.g. 30d")]
    [InlineData("    endpoints: [http://a:9200]\n    tls: { ca_file: /nowhere/ca.crt }\n", "not found")]
    [InlineData("    endpoints: [http://a:9200]\n    compression: brotli\n", "one of gzip, none")]
    [InlineData("    endpoints: [http://a:9200]\n    tls: { ca_fingerprint: 12:34 }\n", "not a SHA-256 fingerprint")]
    [InlineData("    endpoints: [http://a:9200]\n    tls: { ca_fingerprint: 1234567890123456789012345678901234567890123456789012345678901234, insecure_skip_verify: true }\n", "only one of ca_file, ca_fingerprint")]
    [InlineData("    cloud_id: dev:bG9jYWxob3N0OjkyNDMkZXNpZCRrYmlk\n", "Elastic Cloud needs credentials")]
    [InlineData("    cloud_id: dev:bG9jYWxob3N0OjkyNDMkZXNpZCRrYmlk\n    api_key: id:key\n    sniffing: true\n", "cannot be combined with cloud_id")]
    [InlineData("    endpoints: [http://a:9200]\n    dead_timeout: 2h\n", "at most max_dead_timeout")]
    public void BadOptionsGetAnErrorSayingWhatToWrite(string yaml, string expected)
    {
        Assert.Contains(expected, ErrorsOf(yaml), StringComparison.Ordinal);
    }
}
