namespace Gateway.Exporters;

/// <summary>
/// What an export attempt achieved. Permanent and transient failures are distinct outcomes, so the shared retry
/// wrapper, not each exporter, decides what is retried (a 503 always is, a 400 never is).
/// </summary>
public readonly struct ExportResult
{
    private ExportResult(ExportOutcome outcome, string? reason, TimeSpan? retryAfter, IReadOnlyList<ItemFailure>? itemFailures)
    {
        Outcome = outcome;
        Reason = reason;
        RetryAfter = retryAfter;
        ItemFailures = itemFailures ?? [];
    }

    public ExportOutcome Outcome { get; }

    public string? Reason { get; }

    /// <summary>The delay the destination asked for (Retry-After, retry_after, X-Sentry-Rate-Limits), if any.</summary>
    public TimeSpan? RetryAfter { get; }

    public IReadOnlyList<ItemFailure> ItemFailures { get; }

    public static ExportResult Success() => new(ExportOutcome.Success, null, null, null);

    public static ExportResult Retryable(string reason, TimeSpan? retryAfter = null) => new(ExportOutcome.Retryable, reason, retryAfter, null);

    public static ExportResult Permanent(string reason) => new(ExportOutcome.Permanent, reason, null, null);

    /// <summary>Every envelope not listed in <paramref name="failures"/> was delivered.</summary>
    public static ExportResult Partial(IReadOnlyList<ItemFailure> failures, TimeSpan? retryAfter = null) =>
        failures.Count == 0 ? Success() : new(ExportOutcome.Partial, $"{failures.Count} item(s) failed", retryAfter, failures);

    public override string ToString() => Reason is null ? Outcome.ToString() : $"{Outcome}: {Reason}";
}
