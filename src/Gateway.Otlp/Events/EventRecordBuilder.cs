using Gateway.Otlp.Proto.Common.V1;
using Gateway.Otlp.Proto.Logs.V1;
using Gateway.Otlp.Proto.Resource.V1;
using Google.Protobuf;

namespace Gateway.Otlp.Events;

/// <summary>
/// One event as the shapes read it, written out as the OTLP log record and resource it stands for, so the envelope
/// mapper gives it its fields, bounds and content-derived id exactly as it does an OTLP record (docs/receiver.md).
/// The fields the shape names come first among the attributes (session.id, actor.*, exception.*, ...), so they win
/// over a same-named key among the event's own attributes, which then stays an attribute. Reused per request.
/// </summary>
internal sealed class EventRecordBuilder
{
    public string? Name { get; set; }

    /// <summary>Nanoseconds since 1970; 0 for none (the receive time is used, and a retry keeps its id).</summary>
    public ulong TimeUnixNano { get; set; }

    public ulong ObservedTimeUnixNano { get; set; }

    public SeverityNumber Severity { get; set; }

    public string? SeverityText { get; set; }

    public string? Service { get; set; }

    public string? Environment { get; set; }

    public string? Version { get; set; }

    public AnyValue? SessionId { get; set; }

    public bool ContextStart { get; set; }

    public AnyValue? ActorType { get; set; }

    public AnyValue? ActorId { get; set; }

    /// <summary>Record keys <c>actor.tags.&lt;k&gt;</c>.</summary>
    public List<KeyValue> ActorTags { get; } = [];

    public AnyValue? ScopeType { get; set; }

    public AnyValue? ScopeId { get; set; }

    public List<KeyValue> ScopeTags { get; } = [];

    public AnyValue? ErrorName { get; set; }

    public AnyValue? ErrorMessage { get; set; }

    public AnyValue? ErrorCode { get; set; }

    public AnyValue? ErrorStack { get; set; }

    public AnyValue? Causer { get; set; }

    public AnyValue? File { get; set; }

    public AnyValue? Line { get; set; }

    public AnyValue? Function { get; set; }

    public AnyValue? Title { get; set; }

    /// <summary>An integer or double value (<c>event.value</c>).</summary>
    public AnyValue? Value { get; set; }

    /// <summary>Record keys <c>tags.&lt;k&gt;</c>: the envelope's indexed tags.</summary>
    public List<KeyValue> Tags { get; } = [];

    /// <summary>A string body is the envelope's message, anything else its structured body.</summary>
    public AnyValue? Body { get; set; }

    public ByteString SpanId { get; set; } = ByteString.Empty;

    /// <summary>The event's own data, keys as sent.</summary>
    public List<KeyValue> Attributes { get; } = [];

    /// <summary>Resource attributes beside service, environment and version (a Tracardi source).</summary>
    public List<KeyValue> Resource { get; } = [];

    /// <summary>What the reading replaced, for the envelope's <c>truncated</c> (a time past the range).</summary>
    public List<string> Marks { get; } = [];

    /// <summary>What was read in a way the sender may not expect (an unknown severity taken as info): reported in the answer, the event is accepted.</summary>
    public List<string> Warnings { get; } = [];

    public void Clear()
    {
        Name = null;
        TimeUnixNano = ObservedTimeUnixNano = 0;
        Severity = SeverityNumber.Unspecified;
        SeverityText = Service = Environment = Version = null;
        SessionId = ActorType = ActorId = ScopeType = ScopeId = null;
        ContextStart = false;
        ErrorName = ErrorMessage = ErrorCode = ErrorStack = Causer = File = Line = Function = Title = Value = Body = null;
        SpanId = ByteString.Empty;
        ActorTags.Clear();
        ScopeTags.Clear();
        Tags.Clear();
        Attributes.Clear();
        Resource.Clear();
        Marks.Clear();
        Warnings.Clear();
    }

    public void Attribute(string key, AnyValue value) => Attributes.Add(new KeyValue { Key = key, Value = value });

    /// <summary>A tag from a list of names (Tracardi, Operational): the name is the key, <c>true</c> the value; a name listed twice is one tag.</summary>
    public void TagName(string name)
    {
        var key = "tags." + name;
        foreach (var tag in Tags)
        {
            if (tag.Key == key) return;
        }

        Tags.Add(new KeyValue { Key = key, Value = new AnyValue { BoolValue = true } });
    }

    public LogRecord ToRecord()
    {
        var record = new LogRecord
        {
            EventName = Name ?? string.Empty,
            TimeUnixNano = TimeUnixNano,
            ObservedTimeUnixNano = ObservedTimeUnixNano,
            SeverityNumber = Severity,
            SeverityText = SeverityText ?? string.Empty,
            SpanId = SpanId,
        };
        if (Body is not null) record.Body = Body;
        var attributes = record.Attributes;
        Add(attributes, "session.id", SessionId);
        if (ContextStart) attributes.Add(new KeyValue { Key = "context.start", Value = new AnyValue { BoolValue = true } });
        Add(attributes, "actor.type", ActorType);
        Add(attributes, "actor.id", ActorId);
        attributes.Add(ActorTags);
        Add(attributes, "scope.type", ScopeType);
        Add(attributes, "scope.id", ScopeId);
        attributes.Add(ScopeTags);
        Add(attributes, "exception.type", ErrorName);
        Add(attributes, "exception.message", ErrorMessage);
        Add(attributes, "exception.code", ErrorCode);
        Add(attributes, "exception.stacktrace", ErrorStack);
        Add(attributes, "code.namespace", Causer);
        Add(attributes, "code.file.path", File);
        Add(attributes, "code.line.number", Line);
        Add(attributes, "code.function.name", Function);
        Add(attributes, "event.title", Title);
        Add(attributes, "event.value", Value);
        attributes.Add(Tags);
        attributes.Add(Attributes);
        return record;
    }

    /// <summary>The resource the event's service, environment and version (or <paramref name="defaultService"/>) make.</summary>
    public Resource ToResource(string? defaultService)
    {
        var resource = new Resource();
        var attributes = resource.Attributes;
        var service = Service ?? defaultService;
        if (service is not null) attributes.Add(new KeyValue { Key = "service.name", Value = JsonAnyValue.String(service) });
        if (Environment is not null) attributes.Add(new KeyValue { Key = "deployment.environment.name", Value = JsonAnyValue.String(Environment) });
        if (Version is not null) attributes.Add(new KeyValue { Key = "service.version", Value = JsonAnyValue.String(Version) });
        attributes.Add(Resource);
        return resource;
    }

    private static void Add(Google.Protobuf.Collections.RepeatedField<KeyValue> attributes, string key, AnyValue? value)
    {
        if (value is not null) attributes.Add(new KeyValue { Key = key, Value = value });
    }
}
