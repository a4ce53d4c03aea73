using Gateway.Exporters.Sentry.Transport;

namespace Gateway.Exporters.Sentry;

/// <summary>Collects the per-event failures of one export call and turns them into the result the shared retry code reads.</summary>
internal sealed class SentryBatchOutcome(int count)
{
    private List<ItemFailure>? _failures;
    private bool _allRetryable = true;
    private TimeSpan? _retryAfter;

    public void Fail(int index, bool retryable, string errorType, string reason, SentryDsn? dsn, TimeSpan? retryAfter = null)
    {
        (_failures ??= []).Add(new ItemFailure(index, retryable, errorType, reason, dsn?.ToString()));
        _allRetryable &= retryable;
        // The soonest delay: events for other DSNs need not wait for the longest limit; a limited DSN is skipped locally.
        if (retryAfter is { } delay && (_retryAfter is null || delay < _retryAfter)) _retryAfter = delay;
    }

    public ExportResult ToResult()
    {
        if (_failures is null) return ExportResult.Success();
        if (_allRetryable && _failures.Count == count) return ExportResult.Retryable(_failures[0].Reason, _retryAfter);
        return ExportResult.Partial(_failures, _retryAfter);
    }
}
