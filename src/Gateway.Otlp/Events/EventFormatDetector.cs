using System.Numerics;

namespace Gateway.Otlp.Events;

/// <summary>
/// Tells the shape of one event from the names of its top-level fields: each single-event shape scores one point per
/// field it documents, the highest score wins and a tie goes to the earlier of Igniter, Flux, Operational, Dash0.
/// So a stray field of another shape does not flip an event, and an event of nothing but a name reads as Igniter
/// (every shape maps a lone name alike). Tracardi payloads and batches are told apart before, by their events array.
/// </summary>
internal static class EventFormatDetector
{
    public const EventKeys Igniter = EventKeys.Name | EventKeys.Time | EventKeys.Level | EventKeys.Service | EventKeys.Environment | EventKeys.Version
        | EventKeys.SessionId | EventKeys.SpanId | EventKeys.ParentSpanId | EventKeys.Actor | EventKeys.Scope | EventKeys.Attributes | EventKeys.Error | EventKeys.Source;

    public const EventKeys Flux = EventKeys.Name | EventKeys.Timestamp | EventKeys.UserIdSnake | EventKeys.Value | EventKeys.Properties | EventKeys.Tags;

    public const EventKeys Operational = EventKeys.Name | EventKeys.Avatar | EventKeys.Type | EventKeys.UserId | EventKeys.Category | EventKeys.Content
        | EventKeys.Actions | EventKeys.Muted | EventKeys.Notify | EventKeys.Test | EventKeys.ContextId | EventKeys.ContextStart | EventKeys.Tags;

    public const EventKeys Dash0 = EventKeys.Name | EventKeys.Title | EventKeys.Timestamp | EventKeys.Data | EventKeys.Attributes | EventKeys.Severity;

    /// <summary>A Tracardi tracker payload names its source, session or profile beside its events.</summary>
    public const EventKeys TracardiMarkers = EventKeys.Source | EventKeys.Session | EventKeys.Profile;

    public static EventFormat Detect(EventKeys keys)
    {
        var best = EventFormat.Igniter;
        var bestScore = Score(keys, Igniter);
        Consider(EventFormat.Flux, Score(keys, Flux), ref best, ref bestScore);
        Consider(EventFormat.Operational, Score(keys, Operational), ref best, ref bestScore);
        Consider(EventFormat.Dash0, Score(keys, Dash0), ref best, ref bestScore);
        return best;
    }

    /// <summary>What a top-level object is: a Tracardi payload, a batch of events (<c>{"events":[...]}</c>, Flux's batch form) or one event.</summary>
    public static EventItemKind Classify(EventKeys keys, bool eventsIsArray, EventFormat? forced)
    {
        if (forced == EventFormat.Tracardi) return EventItemKind.TracardiPayload;
        if (!eventsIsArray) return EventItemKind.Event;
        if (forced is null && (keys & TracardiMarkers) != 0) return EventItemKind.TracardiPayload;
        return (keys & EventKeys.Name) == 0 ? EventItemKind.Batch : EventItemKind.Event;
    }

    private static int Score(EventKeys keys, EventKeys shape) => BitOperations.PopCount((ulong)(keys & shape));

    private static void Consider(EventFormat format, int score, ref EventFormat best, ref int bestScore)
    {
        if (score <= bestScore) return;
        best = format;
        bestScore = score;
    }
}
