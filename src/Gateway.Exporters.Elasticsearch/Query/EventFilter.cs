namespace Gateway.Exporters.Elasticsearch.Query;

/// <summary>Which events a question is about: name (with <c>*</c> patterns), time range, tags, levels, service.</summary>
public sealed class EventFilter
{
    public string? Name { get; set; }

    /// <summary>Inclusive start.</summary>
    public DateTimeOffset? From { get; set; }

    /// <summary>Exclusive end.</summary>
    public DateTimeOffset? To { get; set; }

    public List<KeyValuePair<string, string>> Tags { get; } = [];

    public List<string> Levels { get; } = [];

    public string? Service { get; set; }

    /// <summary>
    /// The asker's scope (an API key's tenant): the events stamped with it, and no others. Set from the key, never from
    /// the query string, so a tenant's key cannot read another tenant's events.
    /// </summary>
    public EventScope? Scope { get; set; }
}
