using Gateway.Configuration;
using Gateway.Exporters.Elasticsearch.Configuration;
using Gateway.Queues;
using Microsoft.Extensions.Logging;

namespace Gateway.Exporters.Elasticsearch;

/// <summary>Builds <c>elasticsearch</c> exporters. Storage defaults: never drop (queue blocks, retry never gives up), 5 MB bulks.</summary>
public sealed class ElasticsearchExporterFactory : ExporterFactory<ElasticsearchExporterOptions>
{
    public override string Type => "elasticsearch";

    public override ElasticsearchExporterOptions CreateDefaultOptions()
    {
        var options = new ElasticsearchExporterOptions();
        // Elasticsearch is where events are kept: back-pressure instead of dropping, and retry until it is back.
        options.Queue.Policy = QueueFullPolicy.Block;
        options.Retry.MaxElapsedTime = TimeSpan.Zero;
        options.Batch.MaxBytes = new ByteSize(5_000_000);
        return options;
    }

    protected override IEventExporter Create(ExporterContext context, ElasticsearchExporterOptions options) =>
        new ElasticsearchExporter(context.Id.ToString(), options, context.LoggerFactory.CreateLogger<ElasticsearchExporter>(), context.Time);
}
