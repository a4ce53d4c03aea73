using Gateway.Otlp.Proto.Common.V1;

namespace Gateway.Otlp.Events;

/// <summary>
/// What every event of one Tracardi tracker payload shares: its session, profile and source, and the context,
/// properties, options, tags, time and other fields it gives all its events (an event's own value wins).
/// </summary>
internal sealed class TracardiPayload
{
    public AnyValue? SessionId { get; set; }

    public AnyValue? ProfileId { get; set; }

    /// <summary><c>source.&lt;k&gt;</c>: the source sent the events, so it is their resource.</summary>
    public List<KeyValue> Source { get; } = [];

    public List<KeyValue> Context { get; } = [];

    public List<KeyValue> Properties { get; } = [];

    public List<KeyValue> Options { get; } = [];

    public AnyValue? Tags { get; set; }

    public TracardiTimes Time { get; set; }

    /// <summary><c>session.&lt;k&gt;</c>, <c>profile.&lt;k&gt;</c> beside their ids, and the payload's fields Tracardi does not define.</summary>
    public List<KeyValue> Other { get; } = [];

    /// <summary>The event being read: its own context and options, merged over the payload's when it is written out.</summary>
    public List<KeyValue> EventContext { get; } = [];

    public List<KeyValue> EventOptions { get; } = [];
}
