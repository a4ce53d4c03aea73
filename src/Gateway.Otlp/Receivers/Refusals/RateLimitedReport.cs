using System.Collections.Concurrent;

namespace Gateway.Otlp.Receivers.Refusals;

/// <summary>
/// At most one log line per key per interval: a flood of the same refusal writes one line every interval, and that
/// line says how many were left out since the previous one, so nothing is hidden and the log stays readable.
/// </summary>
public sealed class RateLimitedReport(TimeProvider time, TimeSpan interval)
{
    private readonly ConcurrentDictionary<(string, string), Slot> _slots = new();

    /// <summary>True when a line may be written now; <paramref name="suppressed"/> is how many were left out before it.</summary>
    public bool TryReport(string transport, string reason, out long suppressed)
    {
        var slot = _slots.GetOrAdd((transport, reason), static _ => new Slot());
        lock (slot)
        {
            var now = time.GetTimestamp();
            if (slot.Reported && time.GetElapsedTime(slot.LastReport, now) < interval)
            {
                slot.Suppressed++;
                suppressed = 0;
                return false;
            }

            slot.Reported = true;
            slot.LastReport = now;
            suppressed = slot.Suppressed;
            slot.Suppressed = 0;
            return true;
        }
    }

    private sealed class Slot
    {
        public bool Reported;
        public long LastReport;
        public long Suppressed;
    }
}
