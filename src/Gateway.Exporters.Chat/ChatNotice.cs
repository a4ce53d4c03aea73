using Gateway.Envelope;

namespace Gateway.Exporters.Chat;

/// <summary>One message to post, before it is given a platform's shape: an event or one of the two kinds of summary.</summary>
public sealed class ChatNotice
{
    public required NoticeKind Kind { get; init; }

    /// <summary>The event (for a group summary, the event whose message opened the group); null for a held-back summary.</summary>
    public EventEnvelope? Envelope { get; init; }

    /// <summary>Events summarised: folded into the group, or held back.</summary>
    public int Count { get; init; }

    public long FirstUnixNano { get; init; }

    public long LastUnixNano { get; init; }

    /// <summary>The group window (group summary) or the time since the first held-back event (held-back summary).</summary>
    public TimeSpan Span { get; init; }

    public IReadOnlyList<HeldBackGroup> HeldBack { get; init; } = [];

    public static ChatNotice ForEvent(EventEnvelope envelope) => new() { Kind = NoticeKind.Event, Envelope = envelope, Count = 1, FirstUnixNano = envelope.TimeUnixNano, LastUnixNano = envelope.TimeUnixNano };
}
