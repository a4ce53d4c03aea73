namespace Gateway.Exporters.Sentry.Transport;

/// <summary>What Sentry said to one envelope.</summary>
/// <param name="Status">The HTTP status, or 0 when no answer came (connection refused, timeout).</param>
/// <param name="ErrorDelay">How long error events must now wait (rate limit), if the answer said so.</param>
/// <param name="Detail">Sentry's "detail" text or the connection error, for logs and dead letters.</param>
public readonly record struct SentryAnswer(int Status, TimeSpan? ErrorDelay, string? Detail)
{
    public bool Accepted => Status is >= 200 and < 300;

    /// <summary>Worth sending again later: no answer, rate limited, or a server-side failure.</summary>
    public bool Retryable => Status is 0 or 429 or 408 or >= 500;
}
