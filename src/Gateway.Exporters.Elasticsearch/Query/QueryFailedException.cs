using Gateway.Exporters.Elasticsearch.Transport;

namespace Gateway.Exporters.Elasticsearch.Query;

/// <summary>Elasticsearch could not answer a query: unreachable, refused it (with its status and error), or timed out.</summary>
public sealed class QueryFailedException(string message, int status = 0, ElasticsearchError? error = null) : Exception(message)
{
    public int Status { get; } = status;

    public ElasticsearchError? Error { get; } = error;
}
