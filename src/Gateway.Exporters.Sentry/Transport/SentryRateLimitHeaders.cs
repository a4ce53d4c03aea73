using System.Globalization;
using System.Net.Http.Headers;

namespace Gateway.Exporters.Sentry.Transport;

/// <summary>
/// Reads Sentry's rate-limit answers as its SDKs do: <c>X-Sentry-Rate-Limits</c> (groups
/// <c>retry_after:categories:scope:reason</c>, categories separated by ';', none meaning all) wins; otherwise a 429's
/// <c>Retry-After</c> (seconds or an HTTP date); otherwise 60 seconds.
/// </summary>
public static class SentryRateLimitHeaders
{
    public const string Header = "X-Sentry-Rate-Limits";

    /// <summary>The data category of error events.</summary>
    public const string ErrorCategory = "error";

    public static readonly TimeSpan DefaultDelay = TimeSpan.FromSeconds(60);

    /// <summary>How long error events must wait, or null when the answer limits nothing they belong to.</summary>
    public static TimeSpan? ErrorDelay(HttpResponseHeaders headers, int status, DateTimeOffset now)
    {
        if (headers.TryGetValues(Header, out var values))
        {
            TimeSpan? longest = null;
            foreach (var value in values)
            {
                if (ParseForCategory(value, ErrorCategory) is { } delay && (longest is null || delay > longest)) longest = delay;
            }

            // A 429 always refused this envelope, even when the header names only other categories.
            return longest ?? (status == 429 ? DefaultDelay : null);
        }

        if (status != 429) return null;
        var retryAfter = headers.RetryAfter;
        if (retryAfter?.Delta is { } delta) return delta;
        if (retryAfter?.Date is { } date) return date > now ? date - now : TimeSpan.Zero;
        return DefaultDelay;
    }

    /// <summary>The longest delay in one header value that applies to <paramref name="category"/>.</summary>
    public static TimeSpan? ParseForCategory(string header, string category)
    {
        TimeSpan? longest = null;
        foreach (var group in header.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var fields = group.Split(':');
            if (!double.TryParse(fields[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || seconds < 0) continue;
            var categories = fields.Length > 1 ? fields[1] : string.Empty;
            if (!AppliesTo(categories, category)) continue;
            var delay = TimeSpan.FromSeconds(Math.Ceiling(seconds));
            if (longest is null || delay > longest) longest = delay;
        }

        return longest;
    }

    private static bool AppliesTo(string categories, string category)
    {
        if (categories.Length == 0) return true;
        foreach (var name in categories.Split(';', StringSplitOptions.TrimEntries))
        {
            if (string.Equals(name, category, StringComparison.Ordinal)) return true;
        }

        return false;
    }
}
