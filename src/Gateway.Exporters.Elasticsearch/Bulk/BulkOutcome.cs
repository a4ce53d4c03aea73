namespace Gateway.Exporters.Elasticsearch.Bulk;

/// <summary>What Elasticsearch answered for the items of one batch, gathered over all its <c>_bulk</c> requests.</summary>
public sealed class BulkOutcome
{
    public List<ItemFailure> Failures { get; } = [];

    /// <summary>Items answered 2xx into their data stream or index.</summary>
    public int Created { get; set; }

    /// <summary>Items answered 409 on create: an earlier attempt already stored them.</summary>
    public int Duplicates { get; set; }

    /// <summary>Items answered 2xx with <c>failure_store: used</c>: kept, but in the failure store, not the data stream.</summary>
    public int FailureStored { get; set; }

    public string? FailureStoreIndex { get; set; }

    /// <summary>The largest Retry-After of a request that was refused as a whole, if any.</summary>
    public TimeSpan? RetryAfter { get; set; }
}
