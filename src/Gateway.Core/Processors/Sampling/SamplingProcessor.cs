using System.Globalization;
using System.Text;
using Gateway.Envelope;

namespace Gateway.Processors.Sampling;

/// <summary>
/// Keeps or drops each envelope by its level's rate (or a rule's, or its own <c>sampling.priority</c>), with a
/// consistent per-session draw. With <c>keep_session_on_error</c>, dropped events of a session are held and released
/// when that session reports an error; released events are appended after the kept ones.
/// </summary>
public sealed class SamplingProcessor : IEventProcessor
{
    public const string RescuedAttribute = "sampling.rescued";

    private static readonly KeyValue RescuedMark = new(RescuedAttribute, AttributeValue.FromBool(true));

    private readonly string _name;
    private readonly LevelRates _rates;
    private readonly SamplingRule[] _rules;
    private readonly string? _priorityAttribute;
    private readonly long _seed;
    private readonly TimeProvider _time;
    private readonly SessionHoldBuffer? _hold;
    private readonly Lock _holdLock = new();

    public SamplingProcessor(string name, SamplingOptions options, TimeProvider time)
    {
        _name = name;
        _rates = options.Rates;
        _rules = [.. options.Rules.Select(static r => new SamplingRule(r))];
        _priorityAttribute = options.PriorityAttribute;
        PriorityAttributeUtf8 = _priorityAttribute is null ? null : Encoding.UTF8.GetBytes(_priorityAttribute);
        DecidesUnmapped = !_rules.Any(static r => r.ReadsAttributes);
        RulesReadName = _rules.Any(static r => r.ReadsName);
        _seed = options.Seed;
        _time = time;
        if (options.KeepSessionOnError is { } keep)
        {
            _hold = new SessionHoldBuffer(keep, time.TimestampFrequency);
            SamplingCounters.TrackHeld(this, name);
        }
    }

    /// <summary>
    /// True when every decision can be taken from an <see cref="UnmappedRecord"/>: no rule has attribute conditions.
    /// Receivers then skip mapping the records <see cref="DropsUnmapped"/> answers for.
    /// </summary>
    public bool DecidesUnmapped { get; }

    /// <summary>Some rule has a name condition, so an <see cref="UnmappedRecord"/> must carry the envelope's name.</summary>
    public bool RulesReadName { get; }

    /// <summary>The priority attribute's key in UTF-8 (null when the override is off), to spot it on the wire.</summary>
    public byte[]? PriorityAttributeUtf8 { get; }

    /// <summary>The events held right now (the <c>gateway_sampling_held_events</c> gauge).</summary>
    public int HeldEvents
    {
        get
        {
            if (_hold is null) return 0;
            lock (_holdLock) return _hold.EventCount;
        }
    }

    public void Process(List<EventEnvelope> envelopes)
    {
        var tally = new SamplingTally();
        if (_hold is null) Decide(envelopes, ref tally);
        else
        {
            lock (_holdLock) DecideHolding(envelopes, _hold, ref tally);
        }

        SamplingCounters.Record(_name, tally);
    }

    /// <summary>
    /// For a record not mapped yet: true when <see cref="Process"/> would certainly drop its envelope, neither holding it
    /// nor letting it release a held session; it is then counted as sampled out in <paramref name="tally"/> and need not
    /// be mapped at all. False means "map it and let <see cref="Process"/> decide", never another decision: a record
    /// whose draw needs its content id (no session, no trace), or that carries the priority attribute, is left to it.
    /// </summary>
    public bool DropsUnmapped(in UnmappedRecord record, ref SamplingTally tally)
    {
        if (!DecidesUnmapped || record.HasPriority) return false;
        var rate = RateFor(record.Level, record.Name, record.Service);
        if (rate >= 1) return false;

        // The envelope's session id is the attribute when there is one (even empty), else the trace id.
        var hasSession = record.HasSessionAttribute ? !record.Session.IsEmpty : !record.TraceId.IsEmpty;
        if (_hold is not null && hasSession && (record.Level >= EventLevel.Error || rate > 0)) return false;
        if (rate > 0)
        {
            double draw;
            if (record.HasSessionAttribute && !record.Session.IsEmpty) draw = SamplingHash.Draw(record.Session, _seed);
            else if (!record.TraceId.IsEmpty) draw = SamplingHash.DrawTrace(record.TraceId, _seed);
            else return false;
            if (draw < rate) return false;
        }

        tally.SampledOut.Add(record.Level);
        return true;
    }

    /// <summary>
    /// True when every record of this level is kept whatever else it says (no rules, a rate of 1), so reading the rest
    /// of a record to decide it is wasted: only its priority attribute could lower the rate, and then it is left to
    /// <see cref="Process"/> anyway.
    /// </summary>
    public bool KeepsEveryRecordOf(EventLevel level) => _rules.Length == 0 && _rates.For(level) >= 1;

    /// <summary>Adds what <see cref="DropsUnmapped"/> decided for one request to the counters.</summary>
    public void RecordUnmapped(in SamplingTally tally) => SamplingCounters.Record(_name, tally);

    /// <summary>The keep-rate of one envelope: its priority attribute, else the first matching rule, else its level's rate.</summary>
    public double RateFor(EventEnvelope envelope)
    {
        if (_priorityAttribute is not null && TryReadPriority(envelope.Attributes, _priorityAttribute, out var priority)) return priority;
        foreach (var rule in _rules)
        {
            if (rule.Matches(envelope)) return rule.Rate;
        }

        return _rates.For(envelope.Level);
    }

    private double RateFor(EventLevel level, ReadOnlySpan<char> name, string service)
    {
        foreach (var rule in _rules)
        {
            if (rule.MatchesFields(level, name, service)) return rule.Rate;
        }

        return _rates.For(level);
    }

    private void Decide(List<EventEnvelope> envelopes, ref SamplingTally tally)
    {
        var kept = 0;
        for (var i = 0; i < envelopes.Count; i++)
        {
            var envelope = envelopes[i];
            if (TryKeep(envelope, ref tally, out _)) envelopes[kept++] = envelope;
            else tally.SampledOut.Add(envelope.Level);
        }

        envelopes.RemoveRange(kept, envelopes.Count - kept);
    }

    /// <summary>The decision itself; a rate of 0 or 1 needs no draw.</summary>
    private bool TryKeep(EventEnvelope envelope, ref SamplingTally tally, out double rate)
    {
        rate = RateFor(envelope);
        if (rate <= 0 || (rate < 1 && SamplingHash.Draw(envelope, _seed) >= rate)) return false;
        envelope.SampleRate = rate;
        tally.Kept.Add(envelope.Level);
        return true;
    }

    private void DecideHolding(List<EventEnvelope> envelopes, SessionHoldBuffer hold, ref SamplingTally tally)
    {
        var now = _time.GetTimestamp();
        hold.Expire(now, ref tally);
        var count = envelopes.Count;
        var kept = 0;
        for (var i = 0; i < count; i++)
        {
            var envelope = envelopes[i];
            var session = envelope.SessionId;
            var trigger = envelope.Level >= EventLevel.Error && !string.IsNullOrEmpty(session);

            // Released events go after the batch's own events: appending here is safe, the loop stops at count.
            if (trigger && hold.Release(session!, envelopes) is > 0 and var released) MarkRescued(envelopes, released, ref tally);
            if (TryKeep(envelope, ref tally, out var rate))
            {
                envelopes[kept++] = envelope;
            }
            else if (!trigger && rate > 0 && !string.IsNullOrEmpty(session))
            {
                // A rate of 0 says "never"; only events that could have been kept are worth holding.
                hold.Hold(envelope, session, now, ref tally);
            }
            else
            {
                tally.SampledOut.Add(envelope.Level);
            }
        }

        // Move the released tail down behind the kept envelopes.
        var releasedCount = envelopes.Count - count;
        for (var i = 0; i < releasedCount; i++) envelopes[kept + i] = envelopes[count + i];
        envelopes.RemoveRange(kept + releasedCount, envelopes.Count - kept - releasedCount);
    }

    private static void MarkRescued(List<EventEnvelope> envelopes, int released, ref SamplingTally tally)
    {
        for (var i = envelopes.Count - released; i < envelopes.Count; i++)
        {
            var envelope = envelopes[i];
            envelope.SampleRate = 1;
            envelope.Attributes = [.. envelope.Attributes, RescuedMark];
            tally.Rescued.Add(envelope.Level);
        }
    }

    /// <summary>Reads a 0-100 percentage (number, or a number sent as a string) and turns it into a rate, clamped to 0..1.</summary>
    private static bool TryReadPriority(KeyValue[] attributes, string key, out double rate)
    {
        rate = 0;
        foreach (ref readonly var attribute in attributes.AsSpan())
        {
            if (!string.Equals(attribute.Key, key, StringComparison.Ordinal)) continue;
            if (!attribute.Value.TryGetNumber(out var percent)
                && !(attribute.Value.TryGetString(out var text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out percent)))
            {
                return false;
            }

            if (double.IsNaN(percent)) return false;
            rate = Math.Clamp(percent, 0, 100) / 100;
            return true;
        }

        return false;
    }
}
