namespace Gateway.Pipeline;

/// <summary>Why events were dead-lettered: the <c>reason</c> tag of gateway_dead_lettered_log_records.</summary>
public static class DeadLetterReasons
{
    /// <summary>The destination refused the batch and says retrying will not help (400, 401, 403...).</summary>
    public const string Permanent = "permanent";

    /// <summary>The destination refused single events of a batch for good (mapping errors, oversized items).</summary>
    public const string ItemRejected = "item_rejected";

    /// <summary>Retrying went on past retry.max_elapsed_time.</summary>
    public const string RetryExhausted = "retry_exhausted";

    /// <summary>A transient failure with retry.enabled: false.</summary>
    public const string RetryDisabled = "retry_disabled";

    /// <summary>
    /// The exporter threw on the event even when it was sent alone (it cannot write it: a bug, or data it cannot take);
    /// the rest of its batch was delivered. error_type is the exception's type.
    /// </summary>
    public const string ExporterError = "exporter_error";

    /// <summary>A worker failed outside any exporter call (a bug in the gateway): its batch is set aside rather than stalling the lane.</summary>
    public const string InternalError = "internal_error";

    /// <summary>Still queued when the shutdown timeout ran out (memory queues only; a disk queue keeps them).</summary>
    public const string Shutdown = "shutdown";
}
