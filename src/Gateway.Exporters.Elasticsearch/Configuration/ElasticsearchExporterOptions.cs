using Gateway.Configuration;
using Gateway.Exporters.Elasticsearch.Targets;
using Gateway.Exporters.Elasticsearch.Transport;

namespace Gateway.Exporters.Elasticsearch.Configuration;

/// <summary>Options of the <c>elasticsearch</c> exporter, as written under <c>exporters: elasticsearch/NAME:</c>.</summary>
public sealed class ElasticsearchExporterOptions : ExporterOptions
{
    /// <summary>Cluster URLs; on a connection error the next one is tried.</summary>
    public List<string> Endpoints { get; set; } = [];

    /// <summary>Elastic Cloud deployment id (<c>name:base64</c>), instead of <see cref="Endpoints"/>.</summary>
    public string? CloudId { get; set; }

    /// <summary>An API key, either as Elasticsearch returns it encoded or as <c>id:api_key</c>.</summary>
    public string? ApiKey { get; set; }

    public string? Username { get; set; }

    public string? Password { get; set; }

    public string? BearerToken { get; set; }

    public ElasticsearchTlsOptions Tls { get; set; } = new();

    public DataStreamOptions DataStream { get; set; } = new();

    /// <summary>A plain index name instead of a data stream, with an optional date part: <c>gateway-%{+yyyy.MM.dd}</c>.</summary>
    public string? Index { get; set; }

    public DocumentMapping Mapping { get; set; } = DocumentMapping.Ecs;

    public BodyCompression Compression { get; set; } = BodyCompression.Gzip;

    public ElasticsearchSetupOptions Setup { get; set; } = new();

    /// <summary>The query API (<c>GET /api/v1/events</c>, <c>/count</c>, <c>/stats</c>) over what this exporter stored.</summary>
    public EventQueryOptions Query { get; set; } = new();

    /// <summary>How long one request may take, connection and failovers included.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Ask the cluster for its nodes (<c>_nodes/http</c>) at start and after a failure, and spread requests over them.</summary>
    public bool Sniffing { get; set; }

    /// <summary>How long a failed endpoint stays out of rotation after its first failure (the client grows it with each further failure).</summary>
    public TimeSpan DeadTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The longest an endpoint stays out of rotation, however often it failed.</summary>
    public TimeSpan MaxDeadTimeout { get; set; } = TimeSpan.FromMinutes(30);

    public override void Validate(OptionsValidationContext context)
    {
        base.Validate(context);
        if (Endpoints.Count == 0 && CloudId is null)
        {
            context.Error("endpoints", "no cluster given: write endpoints: [http://localhost:9200] (or cloud_id: for Elastic Cloud)");
        }

        if (Endpoints.Count > 0 && CloudId is not null)
        {
            context.Error("cloud_id", "give either endpoints or cloud_id, not both");
        }

        foreach (var endpoint in Endpoints)
        {
            if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                context.Error("endpoints", $"'{endpoint}' is not an http(s) URL: write e.g. https://es1.internal:9200");
            }
        }

        if (CloudId is not null && ElasticsearchTransportFactory.CloudIdError(CloudId) is { } cloudError)
        {
            context.Error("cloud_id", $"'{CloudId}' is not a Cloud ID ({cloudError}); write the Cloud ID shown on the deployment's page, e.g. my-deployment:ZXUtd2VzdC0xLmF3cy5jbG91ZC5lcy5pbyRhYmMxMjMkZGVmNDU2");
        }

        if (CloudId is not null && ApiKey is null && Username is null && BearerToken is null)
        {
            context.Error("cloud_id", "Elastic Cloud needs credentials: add api_key: ${env:ES_API_KEY} (or username/password, or bearer_token)");
        }

        if (Sniffing && CloudId is not null)
        {
            context.Error("sniffing", "cannot be combined with cloud_id: Elastic Cloud is reached through one proxy address; remove sniffing");
        }

        var schemes = (ApiKey is null ? 0 : 1) + (Username is null && Password is null ? 0 : 1) + (BearerToken is null ? 0 : 1);
        if (schemes > 1) context.Error("api_key", "give only one of api_key, username/password or bearer_token");
        if ((Username is null) != (Password is null))
        {
            context.Error(Username is null ? "password" : "username", "basic authentication needs both username and password");
        }

        if (ApiKey is not null && !AuthorizationHeader.IsUsableApiKey(ApiKey))
        {
            context.Error("api_key", "not an API key: write the 'encoded' value Elasticsearch returned, or id:api_key");
        }

        if (Index is not null && !IndexNamePattern.TryParse(Index, out _, out var indexError))
        {
            context.Error("index", indexError!);
        }

        if (Index is not null && context.NodeOf("data_stream") is not null)
        {
            context.Error("index", "give either index (a plain index) or data_stream (logs-{dataset}-{namespace}), not both");
        }

        if (Timeout <= TimeSpan.Zero || Timeout > TimeSpan.FromMinutes(10))
        {
            context.Error("timeout", $"must be between 1ms and 10m, got {Timeout}; write e.g. timeout: 30s");
        }

        if (Query.Enabled && Mapping != DocumentMapping.Ecs)
        {
            context.Error("query", "the query API reads the ECS fields (event.action, labels.*, log.level ...): it needs mapping: ecs");
        }

        if (DeadTimeout <= TimeSpan.Zero || DeadTimeout > MaxDeadTimeout)
        {
            context.Error("dead_timeout", $"must be above 0 and at most max_dead_timeout ({MaxDeadTimeout}), got {DeadTimeout}; write e.g. dead_timeout: 1m");
        }
    }
}
