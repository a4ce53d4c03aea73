namespace Gateway.Otlp.Events;

/// <summary>What one top-level value of the body (the object, an array element, an NDJSON line) turned out to be.</summary>
internal enum EventItemKind : byte
{
    /// <summary>One event, of a shape detected from its fields or forced with <c>?format=</c>.</summary>
    Event,

    /// <summary><c>{"events":[...]}</c> without a name: each element is an event of its own shape; the other fields go to every one.</summary>
    Batch,

    /// <summary>A Tracardi tracker payload: one event per <c>events[]</c> element, sharing the payload's session, profile, source and context.</summary>
    TracardiPayload,

    /// <summary>Not an event object (a string, an array inside the array, an NDJSON line that is not valid JSON): one rejected event, with the reason.</summary>
    Rejected,
}
