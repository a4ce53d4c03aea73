using System.Collections.Concurrent;
using System.Text.Json;

namespace Gateway.Testing.Chat;

/// <summary>What a chat double saw: the payloads it accepted, the ones it refused and why, and how many posts overlapped.</summary>
public sealed class RecordedTraffic
{
    private readonly ConcurrentQueue<JsonElement> _accepted = new();
    private readonly ConcurrentQueue<string> _rejections = new();
    private int _inFlight;
    private int _maxInFlight;
    private int _requests;
    private readonly Lock _rateLimitLock = new();
    private int _rateLimitsToSend;
    private int _postsBeforeRateLimit;

    public IReadOnlyList<JsonElement> Accepted => [.. _accepted];

    /// <summary>Each refusal as "status: the platform's error text" (what the exporter was told).</summary>
    public IReadOnlyList<string> Rejections => [.. _rejections];

    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Most posts the double was handling at the same moment (the exporter promises one per webhook).</summary>
    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    public TimeSpan RateLimitDelay { get; private set; } = TimeSpan.FromSeconds(0.5);

    /// <summary>
    /// Answers <paramref name="times"/> posts with the platform's 429 asking for <paramref name="delay"/>, starting after
    /// <paramref name="afterPosts"/> more posts have been answered normally.
    /// </summary>
    public void RateLimitNext(int times, TimeSpan delay, int afterPosts = 0)
    {
        lock (_rateLimitLock)
        {
            RateLimitDelay = delay;
            _rateLimitsToSend = times;
            _postsBeforeRateLimit = afterPosts;
        }
    }

    internal bool TakeRateLimit()
    {
        lock (_rateLimitLock)
        {
            if (_rateLimitsToSend == 0) return false;
            if (_postsBeforeRateLimit > 0)
            {
                _postsBeforeRateLimit--;
                return false;
            }

            _rateLimitsToSend--;
            return true;
        }
    }

    internal IDisposable Enter()
    {
        Interlocked.Increment(ref _requests);
        var now = Interlocked.Increment(ref _inFlight);
        int max;
        while (now > (max = Volatile.Read(ref _maxInFlight)) && Interlocked.CompareExchange(ref _maxInFlight, now, max) != max)
        {
        }

        return new Exit(this);
    }

    internal void Accept(JsonElement payload) => _accepted.Enqueue(payload.Clone());

    internal void Reject(int status, string reason) => _rejections.Enqueue($"{status}: {reason}");

    private sealed class Exit(RecordedTraffic traffic) : IDisposable
    {
        public void Dispose() => Interlocked.Decrement(ref traffic._inFlight);
    }
}
