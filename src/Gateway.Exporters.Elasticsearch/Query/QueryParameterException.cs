namespace Gateway.Exporters.Elasticsearch.Query;

/// <summary>A query parameter the API cannot use: its name, and a message that says what was wrong and what to write.</summary>
public sealed class QueryParameterException(string parameter, string message) : Exception(message)
{
    public string Parameter { get; } = parameter;
}
