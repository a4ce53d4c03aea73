using System.Collections.Concurrent;

namespace Gateway.Exporters.Sentry.Transport;

/// <summary>
/// Until when each DSN refuses error events. A limited DSN is not called again before its time (Sentry counts calls
/// during a limit against the project), while events for other DSNs keep going.
/// </summary>
public sealed class SentryRateLimits(TimeProvider time)
{
    private readonly ConcurrentDictionary<SentryDsn, DateTimeOffset> _until = new();

    public bool IsLimited(SentryDsn dsn, out TimeSpan remaining)
    {
        remaining = TimeSpan.Zero;
        if (!_until.TryGetValue(dsn, out var until)) return false;
        var now = time.GetUtcNow();
        if (until <= now) return false;
        remaining = until - now;
        return true;
    }

    public void Limit(SentryDsn dsn, TimeSpan delay)
    {
        var until = time.GetUtcNow() + delay;
        _until.AddOrUpdate(dsn, until, (_, current) => current > until ? current : until);
    }
}
