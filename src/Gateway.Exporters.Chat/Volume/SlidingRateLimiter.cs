namespace Gateway.Exporters.Chat.Volume;

/// <summary>
/// At most N posts in any sliding minute: the times of the last N posts in a ring, so a burst can never exceed the
/// limit the way a fixed per-minute counter can at a minute boundary. Not thread-safe; its owner locks.
/// </summary>
internal sealed class SlidingRateLimiter
{
    public static readonly TimeSpan Period = TimeSpan.FromMinutes(1);

    private readonly DateTimeOffset[] _times;
    private int _start;
    private int _count;

    public SlidingRateLimiter(int perMinute) => _times = new DateTimeOffset[perMinute];

    public bool TryAcquire(DateTimeOffset now)
    {
        while (_count > 0 && now - _times[_start] >= Period)
        {
            _start = (_start + 1) % _times.Length;
            _count--;
        }

        if (_count == _times.Length) return false;
        _times[(_start + _count) % _times.Length] = now;
        _count++;
        return true;
    }

    /// <summary>Gives back the most recent slot, for a post that did not happen (429, connection error).</summary>
    public void ReleaseLatest()
    {
        if (_count > 0) _count--;
    }
}
