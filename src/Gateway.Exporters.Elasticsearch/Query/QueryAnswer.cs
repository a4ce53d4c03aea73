namespace Gateway.Exporters.Elasticsearch.Query;

/// <summary>What an endpoint answers: status and JSON body; for a refusal also a short reason for the metric and the log's detail.</summary>
public sealed record QueryAnswer(int Status, byte[] Json, string? RefusalReason = null, string? Detail = null)
{
    public const string BadParameter = "query_bad_parameter";
    public const string ElasticsearchFailed = "query_elasticsearch_error";
}
