using Gateway.Envelope;
using Gateway.Exporters;
using Gateway.Exporters.Elasticsearch;
using Gateway.Exporters.Elasticsearch.Configuration;
using Gateway.Testing.Elasticsearch;

namespace Gateway.Tests.Elasticsearch;

/// <summary>An exporter with the factory's defaults pointed at a double, plus the logger it writes to.</summary>
internal sealed class ExporterUnderTest : IDisposable
{
    private ExporterUnderTest(ElasticsearchExporter exporter, ElasticsearchExporterOptions options, RecordingLogger logger)
    {
        Exporter = exporter;
        Options = options;
        Logger = logger;
    }

    public ElasticsearchExporter Exporter { get; }

    public ElasticsearchExporterOptions Options { get; }

    public RecordingLogger Logger { get; }

    public static ElasticsearchExporterOptions DefaultOptions(params Uri[] endpoints)
    {
        var options = new ElasticsearchExporterFactory().CreateDefaultOptions();
        foreach (var endpoint in endpoints) options.Endpoints.Add(endpoint.ToString());
        options.Timeout = TimeSpan.FromSeconds(10);
        return options;
    }

    public static ExporterUnderTest Create(ElasticsearchDouble cluster, Action<ElasticsearchExporterOptions>? configure = null, string id = "elasticsearch") =>
        Create(DefaultOptions(cluster.Address), configure, id);

    public static ExporterUnderTest Create(ElasticsearchExporterOptions options, Action<ElasticsearchExporterOptions>? configure = null, string id = "elasticsearch")
    {
        configure?.Invoke(options);
        var logger = new RecordingLogger();
        return new ExporterUnderTest(new ElasticsearchExporter(id, options, logger, TimeProvider.System), options, logger);
    }

    public static async Task<ExporterUnderTest> StartAsync(ElasticsearchDouble cluster, Action<ElasticsearchExporterOptions>? configure = null, string id = "elasticsearch")
    {
        var exporter = Create(cluster, configure, id);
        await exporter.Exporter.StartAsync(CancellationToken.None);
        return exporter;
    }

    public ValueTask<ExportResult> ExportAsync(params EventEnvelope[] envelopes) => Exporter.ExportAsync(new EventBatch(envelopes), CancellationToken.None);

    public void Dispose() => Exporter.Dispose();
}
