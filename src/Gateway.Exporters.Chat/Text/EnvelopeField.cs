using Gateway.Envelope;

namespace Gateway.Exporters.Chat.Text;

/// <summary>
/// A field of an envelope named in configuration (<c>name</c>, <c>error.name</c>, <c>attributes.ctx.order.id</c>), parsed
/// once at start so that reading it per event is a switch and, for attributes, a scan, never a parse.
/// </summary>
public readonly struct EnvelopeField
{
    public const string Expected = "name, title, service, environment, version, level, message, session_id, trace_id, error.name, error.message, error.code, actor.type, actor.id, scope.type, scope.id or attributes.<key>";

    private const string AttributesPrefix = "attributes.";

    private readonly FieldKind _kind;
    private readonly string? _attributeKey;

    private EnvelopeField(FieldKind kind, string? attributeKey = null)
    {
        _kind = kind;
        _attributeKey = attributeKey;
    }

    public static bool TryParse(string path, out EnvelopeField field)
    {
        FieldKind? kind = path switch
        {
            "name" => FieldKind.Name,
            "title" => FieldKind.Title,
            "service" => FieldKind.Service,
            "environment" => FieldKind.Environment,
            "version" => FieldKind.Version,
            "level" => FieldKind.Level,
            "message" => FieldKind.Message,
            "session_id" => FieldKind.SessionId,
            "trace_id" => FieldKind.TraceId,
            "error.name" => FieldKind.ErrorName,
            "error.message" => FieldKind.ErrorMessage,
            "error.code" => FieldKind.ErrorCode,
            "actor.type" => FieldKind.ActorType,
            "actor.id" => FieldKind.ActorId,
            "scope.type" => FieldKind.ScopeType,
            "scope.id" => FieldKind.ScopeId,
            _ => null,
        };

        if (kind is { } known)
        {
            field = new EnvelopeField(known);
            return true;
        }

        if (path.StartsWith(AttributesPrefix, StringComparison.Ordinal) && path.Length > AttributesPrefix.Length)
        {
            field = new EnvelopeField(FieldKind.Attribute, path[AttributesPrefix.Length..]);
            return true;
        }

        field = default;
        return false;
    }

    /// <summary>The value as text, or null when the event does not have it. Only non-string attributes allocate.</summary>
    public string? Read(EventEnvelope envelope) => _kind switch
    {
        FieldKind.Name => envelope.Name,
        FieldKind.Title => envelope.Title,
        FieldKind.Service => envelope.Service,
        FieldKind.Environment => envelope.Environment,
        FieldKind.Version => envelope.Version,
        FieldKind.Level => envelope.Level.ToName(),
        FieldKind.Message => envelope.Message,
        FieldKind.SessionId => envelope.SessionId,
        FieldKind.TraceId => envelope.TraceId,
        FieldKind.ErrorName => envelope.Error?.Name,
        FieldKind.ErrorMessage => envelope.Error?.Message,
        FieldKind.ErrorCode => envelope.Error?.Code,
        FieldKind.ActorType => envelope.Actor?.Type,
        FieldKind.ActorId => envelope.Actor?.Id,
        FieldKind.ScopeType => envelope.Scope?.Type,
        FieldKind.ScopeId => envelope.Scope?.Id,
        FieldKind.Attribute => ReadAttribute(envelope.Attributes, _attributeKey!),
        _ => null,
    };

    internal static string? ReadAttribute(KeyValue[] attributes, string key)
    {
        foreach (ref readonly var entry in attributes.AsSpan())
        {
            if (string.Equals(entry.Key, key, StringComparison.Ordinal)) return entry.Value.IsEmpty ? null : entry.Value.ToString();
        }

        return null;
    }

    private enum FieldKind : byte
    {
        Name = 1,
        Title,
        Service,
        Environment,
        Version,
        Level,
        Message,
        SessionId,
        TraceId,
        ErrorName,
        ErrorMessage,
        ErrorCode,
        ActorType,
        ActorId,
        ScopeType,
        ScopeId,
        Attribute,
    }
}
