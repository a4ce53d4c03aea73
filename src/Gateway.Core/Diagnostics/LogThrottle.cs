namespace Gateway.Diagnostics;

/// <summary>
/// Lets a log line that can repeat per request or per event through at most once per interval and counts what it held
/// back, so a flood (every client retrying against a full disk) costs one line per interval and the count in that line
/// still says how big the flood was. Thread-safe; nothing is allocated per call.
/// </summary>
public sealed class LogThrottle(TimeSpan interval, TimeProvider time)
{
    private long _lastReport;
    private long _pending;

    /// <summary>
    /// Counts <paramref name="count"/> occurrences; true when a line is due, with <paramref name="total"/> the occurrences
    /// since the previous line (these included). The first occurrence is always reported at once.
    /// </summary>
    public bool TryReport(long count, out long total)
    {
        Interlocked.Add(ref _pending, count);
        var last = Volatile.Read(ref _lastReport);
        var now = time.GetTimestamp();
        if ((last == 0 || time.GetElapsedTime(last, now) >= interval) && Interlocked.CompareExchange(ref _lastReport, now, last) == last)
        {
            total = Interlocked.Exchange(ref _pending, 0);
            return true;
        }

        total = 0;
        return false;
    }

    /// <summary>Occurrences held back since the last line, for a closing line (at a stop); resets the count.</summary>
    public long TakePending() => Interlocked.Exchange(ref _pending, 0);
}
