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

    /// <summary>Still queued when the shutdown timeout ran out (memory queues only; a disk queue keeps them).</summary>
    public const string Shutdown = "shutdown";
}
