using System.Buffers;
using Gateway.Envelope;

namespace Gateway.Processors.Sampling;

/// <summary>
/// Holds, per session, the events sampling would drop, until the window ends or the session reports an error.
/// Without a timer: expiry runs at the start of each batch against the injected clock. One global arrival queue
/// gives the oldest held event in O(1), so expiry and eviction of the oldest session cost only what they remove.
/// Events are held in a compact encoded form (<see cref="HeldEvent"/>), about a third of the envelope's object graph,
/// and decoded only when their session errs. Not thread-safe: the processor calls it under its lock.
/// </summary>
public sealed class SessionHoldBuffer
{
    private readonly Dictionary<string, HeldSession> _sessions = new(StringComparer.Ordinal);
    private readonly Queue<(HeldSession Session, long Sequence, long ExpiresAt)> _arrivals = new();
    private readonly long _windowTicks;
    private readonly int _maxSessions;
    private readonly int _maxEventsPerSession;
    private readonly EnvelopeKeyTable _keys = new();

    private const int ScratchSize = 1024, MaxKeptScratch = 64 * 1024;

    /// <summary>Encoding scratch, reused for every held event; what is kept is an exact-size copy.</summary>
    private ArrayBufferWriter<byte> _scratch = new(ScratchSize);
    private EnvelopeSharedParts? _lastShared;
    private long _sequence;

    public SessionHoldBuffer(KeepSessionOnErrorOptions options, long timestampFrequency)
    {
        _windowTicks = (long)(options.Window.TotalSeconds * timestampFrequency);
        _maxSessions = options.MaxSessions;
        _maxEventsPerSession = options.MaxEventsPerSession;
    }

    public int SessionCount => _sessions.Count;

    public int EventCount { get; private set; }

    public void Hold(EventEnvelope envelope, string sessionId, long now, ref SamplingTally tally)
    {
        if (!TryEncode(envelope, out var bytes))
        {
            // Only attributes nested deeper than the codec's bound fail, which the mappers never produce (they cut
            // at max_attribute_depth, at most 64): such an event is dropped, as sampling decided, and counted so.
            tally.SampledOut.Add(envelope.Level);
            return;
        }

        if (!_sessions.TryGetValue(sessionId, out var session))
        {
            if (_sessions.Count >= _maxSessions) EvictOldestSession(ref tally);
            session = new HeldSession(sessionId);
            _sessions.Add(sessionId, session);
        }

        if (session.Events.Count >= _maxEventsPerSession)
        {
            // The events closest to a coming error tell the most, so the oldest one gives way.
            var oldest = session.Events.Dequeue();
            EventCount--;
            tally.EvictedForEvents++;
            tally.SampledOut.Add(oldest.Level);
        }

        var sequence = ++_sequence;
        _lastShared = EnvelopeSharedParts.Of(envelope, _lastShared);
        session.Events.Enqueue(new HeldEvent(bytes, _lastShared, sequence));
        _arrivals.Enqueue((session, sequence, now + _windowTicks));
        EventCount++;
        CompactIfMostlyStale();
    }

    /// <summary>Moves every held event of the session, decoded and sorted by event time, to <paramref name="released"/>.</summary>
    public int Release(string sessionId, List<EventEnvelope> released)
    {
        if (!_sessions.Remove(sessionId, out var session)) return 0;
        session.Live = false;
        var start = released.Count;
        while (session.Events.TryDequeue(out var held)) released.Add(EnvelopeBinaryCodec.ReadHeld(held.Bytes, _keys, held.Shared));
        EventCount -= released.Count - start;
        SortByTime(released, start);
        return released.Count - start;
    }

    /// <summary>Drops (as sampled out) every held event whose window has ended.</summary>
    public void Expire(long now, ref SamplingTally tally)
    {
        while (_arrivals.TryPeek(out var head) && head.ExpiresAt <= now)
        {
            _arrivals.Dequeue();
            var session = head.Session;
            if (!IsHeadOf(session, head.Sequence)) continue;
            var expired = session.Events.Dequeue();
            EventCount--;
            tally.SampledOut.Add(expired.Level);
            if (session.Events.Count == 0) Forget(session);
        }
    }

    private bool TryEncode(EventEnvelope envelope, out byte[] bytes)
    {
        _scratch.ResetWrittenCount();
        try
        {
            EnvelopeBinaryCodec.WriteHeld(_scratch, envelope, _keys);
        }
        catch (InvalidOperationException)
        {
            bytes = [];
            return false;
        }

        bytes = _scratch.WrittenSpan.ToArray();

        // One huge event must not keep a huge scratch alive for the life of the processor.
        if (_scratch.Capacity > MaxKeptScratch) _scratch = new ArrayBufferWriter<byte>(ScratchSize);
        return true;
    }

    private void EvictOldestSession(ref SamplingTally tally)
    {
        while (_arrivals.TryDequeue(out var head))
        {
            var session = head.Session;
            if (!IsHeadOf(session, head.Sequence)) continue;
            while (session.Events.TryDequeue(out var held))
            {
                EventCount--;
                tally.EvictedForSessions++;
                tally.SampledOut.Add(held.Level);
            }

            Forget(session);
            return;
        }
    }

    /// <summary>
    /// Arrival entries of released or evicted events stay queued until they are reached; rebuilding the queue when
    /// most entries are stale keeps its size proportional to the events actually held.
    /// </summary>
    private void CompactIfMostlyStale()
    {
        if (_arrivals.Count <= 2 * EventCount + 64) return;
        var count = _arrivals.Count;
        for (var i = 0; i < count; i++)
        {
            var entry = _arrivals.Dequeue();
            if (entry.Session.Live && IsHeld(entry.Session, entry.Sequence)) _arrivals.Enqueue(entry);
        }
    }

    private static bool IsHeadOf(HeldSession session, long sequence) =>
        session.Live && session.Events.TryPeek(out var first) && first.Sequence == sequence;

    /// <summary>Events leave a session only from its front, so an entry is still held when it is not older than the front.</summary>
    private static bool IsHeld(HeldSession session, long sequence) =>
        session.Events.TryPeek(out var first) && first.Sequence <= sequence;

    private void Forget(HeldSession session)
    {
        session.Live = false;
        _sessions.Remove(session.Id);
    }

    /// <summary>Stable insertion sort: a session's held events are few and nearly always already in order.</summary>
    private static void SortByTime(List<EventEnvelope> list, int start)
    {
        for (var i = start + 1; i < list.Count; i++)
        {
            var item = list[i];
            var j = i - 1;
            while (j >= start && list[j].TimeUnixNano > item.TimeUnixNano)
            {
                list[j + 1] = list[j];
                j--;
            }

            list[j + 1] = item;
        }
    }
}
