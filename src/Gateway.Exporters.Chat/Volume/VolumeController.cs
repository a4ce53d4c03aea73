using Gateway.Envelope;
using Gateway.Exporters.Chat.Text;

namespace Gateway.Exporters.Chat.Volume;

/// <summary>
/// Decides, per event, whether a chat exporter posts it, folds it into its group's follow-up, or holds it back for the
/// rate limit; and produces the summaries that are due when windows end. One per exporter, shared by all platforms.
/// An event that folds costs a key written into a reused buffer and one dictionary lookup by span: no allocation.
/// </summary>
public sealed class VolumeController
{
    private const char KeySeparator = '\u001f';

    /// <summary>Distinct groups tallied while holding back; a storm of unique events beyond this is only counted, so memory stays bounded.</summary>
    public const int MaxHeldBackGroups = 1000;

    private readonly Lock _lock = new();
    private readonly EnvelopeField[] _groupBy;
    private readonly TimeSpan _window;
    private readonly SlidingRateLimiter _limiter;
    private readonly Dictionary<string, MessageGroup> _groups = new(StringComparer.Ordinal);
    private readonly Dictionary<string, MessageGroup>.AlternateLookup<ReadOnlySpan<char>> _groupsByKey;
    private readonly Dictionary<string, HeldBackGroup> _heldBack = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HeldBackGroup>.AlternateLookup<ReadOnlySpan<char>> _heldBackByKey;
    private readonly List<HeldBackGroup> _heldBackInOrder = [];

    // Summaries whose window has ended but that wait for a rate-limit slot or were refused by a 429.
    private readonly List<ChatNotice> _due = [];
    private int _heldBackCount;
    private long _heldBackFirstUnixNano;
    private long _heldBackLastUnixNano;
    private char[] _key = new char[256];

    public VolumeController(IReadOnlyList<string> groupBy, TimeSpan window, int ratePerMinute)
    {
        _groupBy = new EnvelopeField[groupBy.Count];
        for (var i = 0; i < groupBy.Count; i++)
        {
            if (!EnvelopeField.TryParse(groupBy[i], out _groupBy[i])) throw new ArgumentException($"unknown group_by field '{groupBy[i]}'", nameof(groupBy));
        }

        _window = window;
        _limiter = new SlidingRateLimiter(ratePerMinute);
        _groupsByKey = _groups.GetAlternateLookup<ReadOnlySpan<char>>();
        _heldBackByKey = _heldBack.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Events currently folded or held back and not yet summarised (for tests and the shutdown log).</summary>
    public int Pending
    {
        get
        {
            lock (_lock)
            {
                var pending = _heldBackCount;
                foreach (var group in _groups.Values) pending += group.Folded;
                foreach (var notice in _due) pending += notice.Count;
                return pending;
            }
        }
    }

    public Admission Admit(EventEnvelope envelope, DateTimeOffset now)
    {
        lock (_lock)
        {
            var key = WriteKey(envelope);
            if (_groupsByKey.TryGetValue(key, out var group))
            {
                if (now < group.WindowEnd)
                {
                    group.Fold(envelope.TimeUnixNano);
                    return new Admission(VolumeDecision.Folded, group);
                }

                Retire(group);
            }

            if (!_limiter.TryAcquire(now))
            {
                HoldBack(key, envelope);
                return new Admission(VolumeDecision.HeldBack, null);
            }

            if (_window == TimeSpan.Zero) return new Admission(VolumeDecision.Post, null);
            group = new MessageGroup(key.ToString(), envelope, now + _window);
            _groups.Add(group.Key, group);
            return new Admission(VolumeDecision.Post, group);
        }
    }

    /// <summary>Undoes a <see cref="VolumeDecision.Post"/> whose message was not delivered, so the retried event posts again.</summary>
    public void Cancel(in Admission admission)
    {
        lock (_lock)
        {
            _limiter.ReleaseLatest();
            if (admission.Group is not { } group) return;

            // Posts to one webhook are serialised, so nothing can have folded into the group between Admit and Cancel.
            _groups.Remove(group.Key);
        }
    }

    /// <summary>
    /// Moves the summaries that are due into <paramref name="into"/>: follow-ups of groups whose window ended, and what
    /// the rate limit held back, as far as the rate limit has slots for them. <paramref name="everything"/> (shutdown)
    /// ends every window and ignores the rate limit, so nothing counted is left unsaid.
    /// </summary>
    public void TakeDue(DateTimeOffset now, bool everything, List<ChatNotice> into)
    {
        lock (_lock)
        {
            foreach (var group in _groups.Values)
            {
                if (everything || now >= group.WindowEnd) Retire(group);
            }

            var sent = 0;
            for (; sent < _due.Count && (everything || _limiter.TryAcquire(now)); sent++) into.Add(_due[sent]);
            _due.RemoveRange(0, sent);
            if (_heldBackCount > 0 && _due.Count == 0 && (everything || _limiter.TryAcquire(now))) into.Add(TakeHeldBack(now));
        }
    }

    /// <summary>Puts back a summary that could not be posted yet (429), ahead of newer ones, and frees its slot.</summary>
    public void Return(ChatNotice summary)
    {
        lock (_lock)
        {
            _limiter.ReleaseLatest();
            _due.Insert(0, summary);
        }
    }

    private void Retire(MessageGroup group)
    {
        _groups.Remove(group.Key);
        if (group.Folded == 0) return;
        _due.Add(new ChatNotice
        {
            Kind = NoticeKind.GroupSummary,
            Envelope = group.Opener,
            Count = group.Folded,
            FirstUnixNano = group.FirstFoldedUnixNano,
            LastUnixNano = group.LastFoldedUnixNano,
            Span = _window,
        });
    }

    private void HoldBack(ReadOnlySpan<char> key, EventEnvelope envelope)
    {
        if (_heldBackByKey.TryGetValue(key, out var held))
        {
            held.Count++;
        }
        else if (_heldBack.Count < MaxHeldBackGroups)
        {
            held = new HeldBackGroup(envelope) { Count = 1 };
            _heldBack.Add(key.ToString(), held);
            _heldBackInOrder.Add(held);
        }

        if (_heldBackCount == 0 || envelope.TimeUnixNano < _heldBackFirstUnixNano) _heldBackFirstUnixNano = envelope.TimeUnixNano;
        if (_heldBackCount == 0 || envelope.TimeUnixNano > _heldBackLastUnixNano) _heldBackLastUnixNano = envelope.TimeUnixNano;
        _heldBackCount++;
    }

    private ChatNotice TakeHeldBack(DateTimeOffset now)
    {
        // Largest groups first, ties in arrival order (a stable sort): the summary names only the first few.
        HeldBackGroup[] groups = [.. _heldBackInOrder.OrderByDescending(static group => group.Count)];
        var notice = new ChatNotice
        {
            Kind = NoticeKind.HeldBackSummary,
            Count = _heldBackCount,
            FirstUnixNano = _heldBackFirstUnixNano,
            LastUnixNano = _heldBackLastUnixNano,
            Span = now - DateTimeOffset.UnixEpoch.AddTicks(_heldBackFirstUnixNano / 100),
            HeldBack = groups,
        };
        _heldBack.Clear();
        _heldBackInOrder.Clear();
        _heldBackCount = 0;
        return notice;
    }

    private ReadOnlySpan<char> WriteKey(EventEnvelope envelope)
    {
        var length = 0;
        foreach (var field in _groupBy)
        {
            var value = field.Read(envelope).AsSpan();
            if (length + value.Length + 1 > _key.Length) Array.Resize(ref _key, Math.Max(_key.Length * 2, length + value.Length + 1));
            value.CopyTo(_key.AsSpan(length));
            length += value.Length;
            _key[length++] = KeySeparator;
        }

        return _key.AsSpan(0, length);
    }
}
