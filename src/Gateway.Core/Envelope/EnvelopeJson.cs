using System.Buffers;
using System.Text.Json;

namespace Gateway.Envelope;

/// <summary>
/// The envelope's canonical JSON form (file exporter, console JSON, webhooks): field names are precomputed and values
/// are written straight to a <see cref="Utf8JsonWriter"/>, so writing an envelope allocates nothing of its own.
/// </summary>
public static class EnvelopeJson
{
    private static readonly JsonEncodedText IdName = JsonEncodedText.Encode("id");
    private static readonly JsonEncodedText NameName = JsonEncodedText.Encode("name");
    private static readonly JsonEncodedText TimeName = JsonEncodedText.Encode("time");
    private static readonly JsonEncodedText ObservedTimeName = JsonEncodedText.Encode("observedTime");
    private static readonly JsonEncodedText LevelName = JsonEncodedText.Encode("level");
    private static readonly JsonEncodedText SeverityNumberName = JsonEncodedText.Encode("severityNumber");
    private static readonly JsonEncodedText SeverityTextName = JsonEncodedText.Encode("severityText");
    private static readonly JsonEncodedText ServiceName = JsonEncodedText.Encode("service");
    private static readonly JsonEncodedText EnvironmentName = JsonEncodedText.Encode("environment");
    private static readonly JsonEncodedText VersionName = JsonEncodedText.Encode("version");
    private static readonly JsonEncodedText SessionIdName = JsonEncodedText.Encode("sessionId");
    private static readonly JsonEncodedText ContextStartName = JsonEncodedText.Encode("contextStart");
    private static readonly JsonEncodedText ActorName = JsonEncodedText.Encode("actor");
    private static readonly JsonEncodedText ScopeName = JsonEncodedText.Encode("scope");
    private static readonly JsonEncodedText TypeName = JsonEncodedText.Encode("type");
    private static readonly JsonEncodedText TagsName = JsonEncodedText.Encode("tags");
    private static readonly JsonEncodedText AttributesName = JsonEncodedText.Encode("attributes");
    private static readonly JsonEncodedText ErrorName = JsonEncodedText.Encode("error");
    private static readonly JsonEncodedText MessageName = JsonEncodedText.Encode("message");
    private static readonly JsonEncodedText CodeName = JsonEncodedText.Encode("code");
    private static readonly JsonEncodedText StackName = JsonEncodedText.Encode("stack");
    private static readonly JsonEncodedText SourceName = JsonEncodedText.Encode("source");
    private static readonly JsonEncodedText CauserName = JsonEncodedText.Encode("causer");
    private static readonly JsonEncodedText FileName = JsonEncodedText.Encode("file");
    private static readonly JsonEncodedText LineName = JsonEncodedText.Encode("line");
    private static readonly JsonEncodedText FunctionName = JsonEncodedText.Encode("function");
    private static readonly JsonEncodedText BodyName = JsonEncodedText.Encode("body");
    private static readonly JsonEncodedText TitleName = JsonEncodedText.Encode("title");
    private static readonly JsonEncodedText ValueName = JsonEncodedText.Encode("value");
    private static readonly JsonEncodedText TraceIdName = JsonEncodedText.Encode("traceId");
    private static readonly JsonEncodedText SpanIdName = JsonEncodedText.Encode("spanId");
    private static readonly JsonEncodedText ResourceName = JsonEncodedText.Encode("resource");
    private static readonly JsonEncodedText ScopeNameName = JsonEncodedText.Encode("scopeName");
    private static readonly JsonEncodedText ScopeVersionName = JsonEncodedText.Encode("scopeVersion");
    private static readonly JsonEncodedText TruncatedName = JsonEncodedText.Encode("truncated");
    private static readonly JsonEncodedText SampleRateName = JsonEncodedText.Encode("sampleRate");
    private static readonly JsonEncodedText RedactionName = JsonEncodedText.Encode("redaction");
    private static readonly JsonEncodedText CountName = JsonEncodedText.Encode("count");
    private static readonly JsonEncodedText KeysName = JsonEncodedText.Encode("keys");

    public static void Write(Utf8JsonWriter writer, EventEnvelope envelope)
    {
        writer.WriteStartObject();
        Span<char> id = stackalloc char[EnvelopeIds.HexLength];
        EnvelopeIds.Format(envelope.Id, id);
        writer.WriteString(IdName, id);
        writer.WriteString(NameName, envelope.Name);
        WriteTime(writer, TimeName, envelope.TimeUnixNano);
        if (envelope.ObservedTimeUnixNano != 0) WriteTime(writer, ObservedTimeName, envelope.ObservedTimeUnixNano);
        writer.WriteString(LevelName, envelope.Level.ToName());
        writer.WriteNumber(SeverityNumberName, envelope.SeverityNumber);
        WriteIfPresent(writer, SeverityTextName, envelope.SeverityText);
        writer.WriteString(ServiceName, envelope.Service);
        WriteIfPresent(writer, EnvironmentName, envelope.Environment);
        WriteIfPresent(writer, VersionName, envelope.Version);
        WriteIfPresent(writer, SessionIdName, envelope.SessionId);
        if (envelope.ContextStart) writer.WriteBoolean(ContextStartName, true);
        WriteEntity(writer, ActorName, envelope.Actor);
        WriteEntity(writer, ScopeName, envelope.Scope);
        writer.WritePropertyName(AttributesName);
        WriteMap(writer, envelope.Attributes);
        if (envelope.Error is { } error)
        {
            writer.WriteStartObject(ErrorName);
            WriteIfPresent(writer, NameName, error.Name);
            WriteIfPresent(writer, MessageName, error.Message);
            WriteIfPresent(writer, CodeName, error.Code);
            WriteIfPresent(writer, StackName, error.Stack);
            writer.WriteEndObject();
        }

        if (envelope.Source is { } source)
        {
            writer.WriteStartObject(SourceName);
            WriteIfPresent(writer, CauserName, source.Causer);
            WriteIfPresent(writer, FileName, source.File);
            if (source.Line is { } line) writer.WriteNumber(LineName, line);
            WriteIfPresent(writer, FunctionName, source.Function);
            writer.WriteEndObject();
        }

        WriteIfPresent(writer, MessageName, envelope.Message);
        if (!envelope.Body.IsEmpty)
        {
            writer.WritePropertyName(BodyName);
            WriteValue(writer, envelope.Body);
        }

        WriteIfPresent(writer, TitleName, envelope.Title);
        if (envelope.Value is { } value) JsonDoubles.Write(writer, ValueName, value);
        if (envelope.Tags.Length > 0)
        {
            writer.WritePropertyName(TagsName);
            WriteMap(writer, envelope.Tags);
        }

        WriteIfPresent(writer, TraceIdName, envelope.TraceId);
        WriteIfPresent(writer, SpanIdName, envelope.SpanId);
        if (envelope.Resource.Length > 0)
        {
            writer.WritePropertyName(ResourceName);
            WriteMap(writer, envelope.Resource);
        }

        WriteIfPresent(writer, ScopeNameName, envelope.ScopeName);
        WriteIfPresent(writer, ScopeVersionName, envelope.ScopeVersion);
        if (envelope.Truncated is { Length: > 0 } truncated)
        {
            writer.WriteStartArray(TruncatedName);
            foreach (var key in truncated) writer.WriteStringValue(key);
            writer.WriteEndArray();
        }

        if (envelope.SampleRate is { } rate) JsonDoubles.Write(writer, SampleRateName, rate);
        if (envelope.Redaction is { } redaction)
        {
            writer.WriteStartObject(RedactionName);
            writer.WriteNumber(CountName, redaction.Count);
            writer.WriteStartArray(KeysName);
            foreach (var key in redaction.Keys) writer.WriteStringValue(key);
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    /// <summary>Writes attributes as a JSON object; keys stay exactly as sent (dots are not expanded).</summary>
    public static void WriteMap(Utf8JsonWriter writer, KeyValue[] entries)
    {
        writer.WriteStartObject();
        foreach (ref readonly var entry in entries.AsSpan())
        {
            writer.WritePropertyName(entry.Key);
            WriteValue(writer, entry.Value);
        }

        writer.WriteEndObject();
    }

    public static void WriteValue(Utf8JsonWriter writer, AttributeValue value)
    {
        switch (value.Kind)
        {
            case AttributeKind.String: writer.WriteStringValue(value.AsString); break;
            case AttributeKind.Bool: writer.WriteBooleanValue(value.AsBool); break;
            case AttributeKind.Long: writer.WriteNumberValue(value.AsLong); break;
            case AttributeKind.Double: JsonDoubles.WriteValue(writer, value.AsDouble); break;
            case AttributeKind.Bytes: writer.WriteBase64StringValue(value.AsBytes); break;
            case AttributeKind.Array:
                writer.WriteStartArray();
                foreach (var item in value.AsArray) WriteValue(writer, item);
                writer.WriteEndArray();
                break;
            case AttributeKind.Map: WriteMap(writer, value.AsMap); break;
            default: writer.WriteNullValue(); break;
        }
    }

    public static void WriteTime(Utf8JsonWriter writer, JsonEncodedText name, long unixNano)
    {
        Span<byte> buffer = stackalloc byte[EnvelopeTime.MaxLength];
        var length = EnvelopeTime.Format(unixNano, buffer);
        writer.WriteString(name, buffer[..length]);
    }

    public static string ToJson(EventEnvelope envelope)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer)) Write(writer, envelope);
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static string ValueToJson(AttributeValue value)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer)) WriteValue(writer, value);
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteIfPresent(Utf8JsonWriter writer, JsonEncodedText name, string? value)
    {
        if (value is not null) writer.WriteString(name, value);
    }

    private static void WriteEntity(Utf8JsonWriter writer, JsonEncodedText name, EntityRef? entity)
    {
        if (entity is null) return;
        writer.WriteStartObject(name);
        writer.WriteString(TypeName, entity.Type);
        WriteIfPresent(writer, IdName, entity.Id);
        if (entity.Tags.Length > 0)
        {
            writer.WritePropertyName(TagsName);
            WriteMap(writer, entity.Tags);
        }

        writer.WriteEndObject();
    }
}
