using System.Text.Json;

namespace Gateway.Otlp.Events;

/// <summary>
/// The top-level field names the event shapes document, one bit each, so an object's fields are a bit set and a
/// shape's score is one population count. Lookups decode a short key onto the stack: no string per field.
/// </summary>
[Flags]
internal enum EventKeys : ulong
{
    None = 0,
    Name = 1UL << 0,
    Time = 1UL << 1,
    Level = 1UL << 2,
    Service = 1UL << 3,
    Environment = 1UL << 4,
    Version = 1UL << 5,
    SessionId = 1UL << 6,
    SpanId = 1UL << 7,
    ParentSpanId = 1UL << 8,
    Actor = 1UL << 9,
    Scope = 1UL << 10,
    Attributes = 1UL << 11,
    Error = 1UL << 12,
    Source = 1UL << 13,
    Timestamp = 1UL << 14,
    UserIdSnake = 1UL << 15,
    Value = 1UL << 16,
    Properties = 1UL << 17,
    Tags = 1UL << 18,
    Avatar = 1UL << 19,
    Type = 1UL << 20,
    UserId = 1UL << 21,
    Category = 1UL << 22,
    Content = 1UL << 23,
    Actions = 1UL << 24,
    Muted = 1UL << 25,
    Notify = 1UL << 26,
    Test = 1UL << 27,
    ContextId = 1UL << 28,
    ContextStart = 1UL << 29,
    Title = 1UL << 30,
    Data = 1UL << 31,
    Severity = 1UL << 32,
    Events = 1UL << 33,
    Session = 1UL << 34,
    Profile = 1UL << 35,
    Context = 1UL << 36,
    Options = 1UL << 37,
}

internal static class EventKeyNames
{
    /// <summary>Longer than every documented field name; longer keys are never looked up.</summary>
    public const int MaxLength = 16;

    /// <summary>The documented field the reader's property name is, or <see cref="EventKeys.None"/>.</summary>
    public static EventKeys KeyOf(ref Utf8JsonReader reader)
    {
        // An escaped name is longer in bytes than in characters, so the byte length bounds what is copied.
        if (reader.ValueSpan.Length > MaxLength) return EventKeys.None;
        Span<char> name = stackalloc char[MaxLength];
        return Find(name[..reader.CopyString(name)]);
    }

    public static EventKeys Find(ReadOnlySpan<char> key) => key switch
    {
        "name" => EventKeys.Name,
        "time" => EventKeys.Time,
        "level" => EventKeys.Level,
        "service" => EventKeys.Service,
        "environment" => EventKeys.Environment,
        "version" => EventKeys.Version,
        "sessionId" => EventKeys.SessionId,
        "spanId" => EventKeys.SpanId,
        "parentSpanId" => EventKeys.ParentSpanId,
        "actor" => EventKeys.Actor,
        "scope" => EventKeys.Scope,
        "attributes" => EventKeys.Attributes,
        "error" => EventKeys.Error,
        "source" => EventKeys.Source,
        "timestamp" => EventKeys.Timestamp,
        "user_id" => EventKeys.UserIdSnake,
        "value" => EventKeys.Value,
        "properties" => EventKeys.Properties,
        "tags" => EventKeys.Tags,
        "avatar" => EventKeys.Avatar,
        "type" => EventKeys.Type,
        "userId" => EventKeys.UserId,
        "category" => EventKeys.Category,
        "content" => EventKeys.Content,
        "actions" => EventKeys.Actions,
        "muted" => EventKeys.Muted,
        "notify" => EventKeys.Notify,
        "test" => EventKeys.Test,
        "contextId" => EventKeys.ContextId,
        "contextStart" => EventKeys.ContextStart,
        "title" => EventKeys.Title,
        "data" => EventKeys.Data,
        "severity" => EventKeys.Severity,
        "events" => EventKeys.Events,
        "session" => EventKeys.Session,
        "profile" => EventKeys.Profile,
        "context" => EventKeys.Context,
        "options" => EventKeys.Options,
        _ => EventKeys.None,
    };
}
