namespace Gateway.Envelope;

/// <summary>
/// One event, mapped from one OTLP log record: the contract every processor and exporter consumes.
/// Identity fields are init-only; the few fields that processors rewrite (redaction, sampling) are settable
/// and are only written before the envelope is handed to the exporters' queues.
/// </summary>
public sealed class EventEnvelope
{
    /// <summary>Deterministic 128-bit id derived from the record's content: the same record sent twice has the same id.</summary>
    public UInt128 Id { get; init; }

    public required string Name { get; init; }

    /// <summary>Event time in nanoseconds since the Unix epoch (UTC).</summary>
    public long TimeUnixNano { get; init; }

    /// <summary>When the sender (or, failing that, the gateway) observed the event, in nanoseconds since the epoch.</summary>
    public long ObservedTimeUnixNano { get; init; }

    public EventLevel Level { get; init; } = EventLevel.Info;

    public int SeverityNumber { get; init; }

    public string? SeverityText { get; init; }

    public required string Service { get; init; }

    public string? Environment { get; init; }

    public string? Version { get; init; }

    public string? SessionId { get; init; }

    public bool ContextStart { get; init; }

    public EntityRef? Actor { get; set; }

    public EntityRef? Scope { get; set; }

    public KeyValue[] Attributes { get; set; } = [];

    public ErrorInfo? Error { get; set; }

    public SourceLocation? Source { get; init; }

    /// <summary>A string body.</summary>
    public string? Message { get; set; }

    /// <summary>A structured (non-string) body; <see cref="AttributeValue.Empty"/> when the body was a string or absent.</summary>
    public AttributeValue Body { get; set; }

    public string? Title { get; set; }

    public double? Value { get; init; }

    public KeyValue[] Tags { get; set; } = [];

    /// <summary>Lower-case hex, 32 characters, or null.</summary>
    public string? TraceId { get; init; }

    /// <summary>Lower-case hex, 16 characters, or null.</summary>
    public string? SpanId { get; init; }

    /// <summary>Resource attributes not consumed by service/environment/version.</summary>
    public KeyValue[] Resource { get; set; } = [];

    public string? ScopeName { get; init; }

    public string? ScopeVersion { get; init; }

    /// <summary>Keys whose values were cut to the configured depth/size limits (marked, never silently dropped).</summary>
    public string[]? Truncated { get; init; }

    /// <summary>Keep-rate that applied when sampling kept this event (0.1 = it stands for 10); null when not sampled.</summary>
    public double? SampleRate { get; set; }

    public RedactionSummary? Redaction { get; set; }

    public DateTimeOffset Time => DateTimeOffset.UnixEpoch.AddTicks(TimeUnixNano / 100);

    /// <summary>The id as 32 lower-case hex characters (also a valid Sentry event_id).</summary>
    public string IdHex => EnvelopeIds.ToHex(Id);
}
