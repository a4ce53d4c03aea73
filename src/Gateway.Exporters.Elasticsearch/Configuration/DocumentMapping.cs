namespace Gateway.Exporters.Elasticsearch.Configuration;

/// <summary>The shape of the documents written (<c>mapping:</c>).</summary>
public enum DocumentMapping : byte
{
    /// <summary>ECS field names where ECS has the field, so Discover and the Logs UI work without set-up.</summary>
    Ecs,

    /// <summary>The gateway's own envelope JSON, plus <c>@timestamp</c> and <c>data_stream.*</c>.</summary>
    Envelope,
}
