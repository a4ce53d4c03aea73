using Microsoft.Extensions.Time.Testing;

namespace Gateway.Tests.Pipeline;

/// <summary>A FakeTimeProvider that counts the timers created, so a test advances time only once a wait is armed.</summary>
internal sealed class TimerCountingTimeProvider : FakeTimeProvider
{
    private int _timers;

    public int TimersCreated => Volatile.Read(ref _timers);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        Interlocked.Increment(ref _timers);
        return timer;
    }
}
