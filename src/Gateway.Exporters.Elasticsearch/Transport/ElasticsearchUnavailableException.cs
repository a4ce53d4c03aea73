namespace Gateway.Exporters.Elasticsearch.Transport;

/// <summary>No endpoint answered: every one refused the connection, dropped it, or did not answer in time.</summary>
public sealed class ElasticsearchUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
