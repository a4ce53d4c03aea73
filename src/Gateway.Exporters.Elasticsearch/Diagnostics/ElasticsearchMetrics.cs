using System.Diagnostics.Metrics;
using Gateway.Diagnostics;

namespace Gateway.Exporters.Elasticsearch.Diagnostics;

/// <summary>Counters only this exporter can know; delivered, retried and dead-lettered counts come from the shared exporter wrapper.</summary>
public static class ElasticsearchMetrics
{
    public static readonly Counter<long> FailureStoreDocuments = GatewayMeter.Instance.CreateCounter<long>(
        "gateway_elasticsearch_failure_store_documents", "{document}", "Documents Elasticsearch kept in a data stream's failure store instead of the stream (mapping problems).");

    public static readonly Counter<long> DuplicateDocuments = GatewayMeter.Instance.CreateCounter<long>(
        "gateway_elasticsearch_duplicate_documents", "{document}", "Documents answered 409 on create: already stored by an earlier attempt, counted as delivered.");

    public static readonly Counter<long> RejectedDocuments = GatewayMeter.Instance.CreateCounter<long>(
        "gateway_elasticsearch_rejected_documents", "{document}", "Documents Elasticsearch refused with a 4xx item status (mapping or parse errors).");
}
