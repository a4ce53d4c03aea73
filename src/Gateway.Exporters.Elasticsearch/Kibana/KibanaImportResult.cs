namespace Gateway.Exporters.Elasticsearch.Kibana;

/// <summary>Kibana's answer to an import: how many objects it took and, per refused object or request, why.</summary>
public sealed record KibanaImportResult(bool Success, int SuccessCount, IReadOnlyList<string> Errors);
