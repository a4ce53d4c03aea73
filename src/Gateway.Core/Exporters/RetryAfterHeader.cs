using System.Net.Http.Headers;

namespace Gateway.Exporters;

/// <summary>An HTTP Retry-After header as a delay from now: seconds, or a date (a date in the past is no wait).</summary>
public static class RetryAfterHeader
{
    public static TimeSpan? Delay(RetryConditionHeaderValue? header, DateTimeOffset now)
    {
        if (header?.Delta is { } delta) return delta;
        if (header?.Date is { } date) return date > now ? date - now : TimeSpan.Zero;
        return null;
    }
}
