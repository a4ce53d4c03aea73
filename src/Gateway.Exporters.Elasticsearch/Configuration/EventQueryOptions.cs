using Gateway.Configuration;

namespace Gateway.Exporters.Elasticsearch.Configuration;

/// <summary>The <c>query:</c> block: the read-only query API over this exporter's data streams, served on the OTLP/HTTP listener.</summary>
public sealed class EventQueryOptions : IValidatableOptions
{
    public bool Enabled { get; set; }

    /// <summary>The most events one <c>GET /api/v1/events</c> page may ask for (<c>limit</c>), and the most groups a count returns.</summary>
    public int MaxLimit { get; set; } = 1000;

    /// <summary>How long Elasticsearch may take for one query (sent as the search's own timeout, and the request's).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    public void Validate(OptionsValidationContext context)
    {
        if (MaxLimit is < 1 or > 10_000)
        {
            context.Error("max_limit", $"must be between 1 and 10000 (Elasticsearch's index.max_result_window), got {MaxLimit}; write e.g. max_limit: 1000");
        }

        if (Timeout <= TimeSpan.Zero || Timeout > TimeSpan.FromMinutes(5))
        {
            context.Error("timeout", $"must be between 1ms and 5m, got {Timeout}; write e.g. timeout: 10s");
        }
    }
}
