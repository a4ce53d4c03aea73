namespace Gateway.Exporters;

public enum ExportOutcome : byte
{
    /// <summary>The destination confirmed every envelope.</summary>
    Success,

    /// <summary>Nothing was confirmed and trying again later may work (timeouts, 429, 5xx, connection errors).</summary>
    Retryable,

    /// <summary>Nothing was accepted and trying again will not help (400, 401, 403, a payload the destination refuses).</summary>
    Permanent,

    /// <summary>Some envelopes failed; <see cref="ExportResult.ItemFailures"/> says which and whether each may be retried.</summary>
    Partial,
}
