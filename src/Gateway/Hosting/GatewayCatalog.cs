using Gateway.Configuration;
using Gateway.Exporters.ConsoleExport;
using Gateway.Exporters.Elasticsearch;
using Gateway.Exporters.FileExport;
using Gateway.Exporters.Chat.Discord;
using Gateway.Exporters.Chat.Slack;
using Gateway.Exporters.Chat.Teams;
using Gateway.Exporters.Chat.Webhook;
using Gateway.Exporters.Otlp;
using Gateway.Exporters.Otlp.LoadBalancing;
using Gateway.Exporters.Sentry;
using Gateway.Otlp.Receivers;
using Gateway.Processors.Redaction;
using Gateway.Processors.Sampling;

namespace Gateway.Host.Hosting;

/// <summary>The one place that knows every component type: receivers, processors and exporters by YAML type.</summary>
public static class GatewayCatalog
{
    public static ComponentCatalog Create() => new ComponentCatalog()
        .Add(new OtlpReceiverFactory())
        .Add(new SamplingProcessorFactory())
        .Add(new RedactionProcessorFactory())
        .Add(new ConsoleExporterFactory())
        .Add(new FileExporterFactory())
        .Add(new ElasticsearchExporterFactory())
        .Add(new SentryExporterFactory())
        .Add(new SlackExporterFactory())
        .Add(new DiscordExporterFactory())
        .Add(new TeamsExporterFactory())
        .Add(new WebhookExporterFactory())
        .Add(new OtlpGrpcExporterFactory())
        .Add(new OtlpHttpExporterFactory())
        .Add(new LoadBalancingExporterFactory());
}
