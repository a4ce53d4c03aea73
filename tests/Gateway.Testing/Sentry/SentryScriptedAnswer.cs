namespace Gateway.Testing.Sentry;

/// <summary>An answer the double gives instead of accepting, for the next requests (429 windows, outages).</summary>
internal sealed record SentryScriptedAnswer(int Status, TimeSpan? RetryAfter, string? RateLimits)
{
    public int Remaining { get; set; }
}
