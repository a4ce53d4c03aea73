using System.Collections.Concurrent;

namespace Gateway.Exporters.Chat.Delivery;

/// <summary>
/// One per webhook URL, shared by every exporter instance that posts to it (two routes may name the same channel):
/// at most one message in flight, and a rate-limit pause the platform asked for applies to all of them.
/// </summary>
public sealed class WebhookGate
{
    // Static because exporter instances are built independently by their factories; the key is the URL, the one thing they share.
    private static readonly ConcurrentDictionary<string, WebhookGate> Gates = new(StringComparer.Ordinal);

    private long _blockedUntilTicks;

    private WebhookGate()
    {
    }

    public SemaphoreSlim InFlight { get; } = new(1, 1);

    /// <summary>No post before this moment (UTC ticks), because the platform said so.</summary>
    public DateTimeOffset BlockedUntil
    {
        get => new(Interlocked.Read(ref _blockedUntilTicks), TimeSpan.Zero);
        set => Interlocked.Exchange(ref _blockedUntilTicks, value.UtcTicks);
    }

    public static WebhookGate For(string url) => Gates.GetOrAdd(url, static _ => new WebhookGate());
}
