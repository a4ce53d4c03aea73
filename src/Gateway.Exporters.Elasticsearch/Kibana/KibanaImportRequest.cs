namespace Gateway.Exporters.Elasticsearch.Kibana;

/// <summary>What <c>gateway kibana setup</c> needs: where Kibana is, how to sign in, and optionally other objects or pattern.</summary>
public sealed class KibanaImportRequest
{
    /// <summary>Kibana's base URL, e.g. http://localhost:5601 (with its base path if Kibana has one).</summary>
    public required Uri KibanaUrl { get; init; }

    /// <summary>Kibana space to import into; null for the default space.</summary>
    public string? Space { get; init; }

    public string? ApiKey { get; init; }

    public string? Username { get; init; }

    public string? Password { get; init; }

    /// <summary>An NDJSON file of saved objects; null imports the gateway's own (config/kibana/gateway-saved-objects.ndjson).</summary>
    public string? SavedObjectsFile { get; init; }

    /// <summary>The data view's index pattern when the exporter writes another dataset, e.g. logs-shop-*.</summary>
    public string? IndexPattern { get; init; }
}
