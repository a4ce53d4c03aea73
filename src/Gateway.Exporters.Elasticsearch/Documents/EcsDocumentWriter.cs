using System.Text.Json;
using Gateway.Envelope;
using Gateway.Exporters.Elasticsearch.Targets;

namespace Gateway.Exporters.Elasticsearch.Documents;

/// <summary>
/// Writes an envelope as an ECS document (the table in docs/elasticsearch.md). ECS fields where ECS has one, so
/// Discover and the Logs UI work as they are; the rest under explicit objects. Free-form data (attributes, resource,
/// tags of actor and scope, a structured body) goes to <c>flattened</c> fields, so no attribute can ever add a mapping.
/// </summary>
public static class EcsDocumentWriter
{
    private static readonly JsonEncodedText Timestamp = JsonEncodedText.Encode("@timestamp");
    private static readonly JsonEncodedText Message = JsonEncodedText.Encode("message");
    private static readonly JsonEncodedText Log = JsonEncodedText.Encode("log");
    private static readonly JsonEncodedText Level = JsonEncodedText.Encode("level");
    private static readonly JsonEncodedText Logger = JsonEncodedText.Encode("logger");
    private static readonly JsonEncodedText Origin = JsonEncodedText.Encode("origin");
    private static readonly JsonEncodedText File = JsonEncodedText.Encode("file");
    private static readonly JsonEncodedText Name = JsonEncodedText.Encode("name");
    private static readonly JsonEncodedText Line = JsonEncodedText.Encode("line");
    private static readonly JsonEncodedText Function = JsonEncodedText.Encode("function");
    private static readonly JsonEncodedText Service = JsonEncodedText.Encode("service");
    private static readonly JsonEncodedText Version = JsonEncodedText.Encode("version");
    private static readonly JsonEncodedText Environment = JsonEncodedText.Encode("environment");
    private static readonly JsonEncodedText Error = JsonEncodedText.Encode("error");
    private static readonly JsonEncodedText Type = JsonEncodedText.Encode("type");
    private static readonly JsonEncodedText StackTrace = JsonEncodedText.Encode("stack_trace");
    private static readonly JsonEncodedText Code = JsonEncodedText.Encode("code");
    private static readonly JsonEncodedText Trace = JsonEncodedText.Encode("trace");
    private static readonly JsonEncodedText Span = JsonEncodedText.Encode("span");
    private static readonly JsonEncodedText Id = JsonEncodedText.Encode("id");
    private static readonly JsonEncodedText Event = JsonEncodedText.Encode("event");
    private static readonly JsonEncodedText Action = JsonEncodedText.Encode("action");
    private static readonly JsonEncodedText Severity = JsonEncodedText.Encode("severity");
    private static readonly JsonEncodedText Created = JsonEncodedText.Encode("created");
    private static readonly JsonEncodedText Dataset = JsonEncodedText.Encode("dataset");
    private static readonly JsonEncodedText User = JsonEncodedText.Encode("user");
    private static readonly JsonEncodedText Labels = JsonEncodedText.Encode("labels");
    private static readonly JsonEncodedText Actor = JsonEncodedText.Encode("actor");
    private static readonly JsonEncodedText Scope = JsonEncodedText.Encode("scope");
    private static readonly JsonEncodedText Tags = JsonEncodedText.Encode("tags");
    private static readonly JsonEncodedText Session = JsonEncodedText.Encode("session");
    private static readonly JsonEncodedText Title = JsonEncodedText.Encode("title");
    private static readonly JsonEncodedText Value = JsonEncodedText.Encode("value");
    private static readonly JsonEncodedText SampleRate = JsonEncodedText.Encode("sample_rate");
    private static readonly JsonEncodedText Attributes = JsonEncodedText.Encode("attributes");
    private static readonly JsonEncodedText Resource = JsonEncodedText.Encode("resource");
    private static readonly JsonEncodedText Body = JsonEncodedText.Encode("body");
    private static readonly JsonEncodedText Gateway = JsonEncodedText.Encode("gateway");
    private static readonly JsonEncodedText ContextStart = JsonEncodedText.Encode("context_start");
    private static readonly JsonEncodedText Truncated = JsonEncodedText.Encode("truncated");
    private static readonly JsonEncodedText Redaction = JsonEncodedText.Encode("redaction");
    private static readonly JsonEncodedText Count = JsonEncodedText.Encode("count");
    private static readonly JsonEncodedText Keys = JsonEncodedText.Encode("keys");

    public static void Write(Utf8JsonWriter writer, EventEnvelope envelope, DocumentTarget target)
    {
        writer.WriteStartObject();
        EnvelopeJson.WriteTime(writer, Timestamp, envelope.TimeUnixNano);
        // The Logs UI and Discover show `message`; an event without one still gets a readable line.
        writer.WriteString(Message, envelope.Message ?? envelope.Error?.Message ?? envelope.Title ?? envelope.Name);
        WriteLog(writer, envelope);
        writer.WriteStartObject(Service);
        writer.WriteString(Name, envelope.Service);
        WriteIfPresent(writer, Version, envelope.Version);
        WriteIfPresent(writer, Environment, envelope.Environment);
        writer.WriteEndObject();
        WriteError(writer, envelope.Error);
        WriteIdObject(writer, Trace, envelope.TraceId);
        WriteIdObject(writer, Span, envelope.SpanId);
        WriteEvent(writer, envelope, target);
        if (envelope.Actor is { Type: "user", Id: { } userId }) WriteIdObject(writer, User, userId);
        if (envelope.Tags.Length > 0) LabelWriter.Write(writer, Labels, envelope.Tags);
        DataStreamFields.Write(writer, target);
        WriteEntity(writer, Actor, envelope.Actor);
        WriteEntity(writer, Scope, envelope.Scope);
        WriteIdObject(writer, Session, envelope.SessionId);
        WriteIfPresent(writer, Title, envelope.Title);
        if (envelope.Value is { } value) JsonDoubles.Write(writer, Value, value);
        if (envelope.SampleRate is { } rate) JsonDoubles.Write(writer, SampleRate, rate);
        writer.WritePropertyName(Attributes);
        EnvelopeJson.WriteMap(writer, envelope.Attributes);
        writer.WritePropertyName(Resource);
        EnvelopeJson.WriteMap(writer, envelope.Resource);
        WriteBody(writer, envelope.Body);
        WriteGateway(writer, envelope);
        writer.WriteEndObject();
    }

    private static void WriteLog(Utf8JsonWriter writer, EventEnvelope envelope)
    {
        writer.WriteStartObject(Log);
        writer.WriteString(Level, envelope.Level.ToName());
        WriteIfPresent(writer, Logger, envelope.Source?.Causer ?? envelope.ScopeName);
        if (envelope.Source is { } source && (source.File is not null || source.Line is not null || source.Function is not null))
        {
            writer.WriteStartObject(Origin);
            if (source.File is not null || source.Line is not null)
            {
                writer.WriteStartObject(File);
                WriteIfPresent(writer, Name, source.File);
                if (source.Line is { } line) writer.WriteNumber(Line, line);
                writer.WriteEndObject();
            }

            WriteIfPresent(writer, Function, source.Function);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private static void WriteError(Utf8JsonWriter writer, ErrorInfo? error)
    {
        if (error is null) return;
        writer.WriteStartObject(Error);
        WriteIfPresent(writer, Type, error.Name);
        WriteIfPresent(writer, Message, error.Message);
        WriteIfPresent(writer, StackTrace, error.Stack);
        WriteIfPresent(writer, Code, error.Code);
        writer.WriteEndObject();
    }

    private static void WriteEvent(Utf8JsonWriter writer, EventEnvelope envelope, DocumentTarget target)
    {
        writer.WriteStartObject(Event);
        Span<char> id = stackalloc char[EnvelopeIds.HexLength];
        EnvelopeIds.Format(envelope.Id, id);
        writer.WriteString(Id, id);
        writer.WriteString(Action, envelope.Name);
        writer.WriteNumber(Severity, envelope.SeverityNumber);
        if (envelope.ObservedTimeUnixNano != 0) EnvelopeJson.WriteTime(writer, Created, envelope.ObservedTimeUnixNano);
        // ECS asks event.dataset to equal data_stream.dataset; the Logs UI groups by it.
        if (target.IsDataStream) writer.WriteString(Dataset, target.DatasetJson);
        writer.WriteEndObject();
    }

    private static void WriteEntity(Utf8JsonWriter writer, JsonEncodedText name, EntityRef? entity)
    {
        if (entity is null) return;
        writer.WriteStartObject(name);
        writer.WriteString(Type, entity.Type);
        WriteIfPresent(writer, Id, entity.Id);
        if (entity.Tags.Length > 0)
        {
            writer.WritePropertyName(Tags);
            EnvelopeJson.WriteMap(writer, entity.Tags);
        }

        writer.WriteEndObject();
    }

    /// <summary>A structured body is an object for the flattened <c>body</c> field; other shapes are wrapped as <c>body.value</c>.</summary>
    private static void WriteBody(Utf8JsonWriter writer, AttributeValue body)
    {
        if (body.IsEmpty) return;
        writer.WritePropertyName(Body);
        if (body.Kind == AttributeKind.Map)
        {
            EnvelopeJson.WriteMap(writer, body.AsMap);
            return;
        }

        writer.WriteStartObject();
        writer.WritePropertyName(Value);
        EnvelopeJson.WriteValue(writer, body);
        writer.WriteEndObject();
    }

    private static void WriteGateway(Utf8JsonWriter writer, EventEnvelope envelope)
    {
        if (!envelope.ContextStart && envelope.Truncated is not { Length: > 0 } && envelope.Redaction is null) return;
        writer.WriteStartObject(Gateway);
        if (envelope.ContextStart) writer.WriteBoolean(ContextStart, true);
        if (envelope.Truncated is { Length: > 0 } truncated) WriteStrings(writer, Truncated, truncated);
        if (envelope.Redaction is { } redaction)
        {
            writer.WriteStartObject(Redaction);
            writer.WriteNumber(Count, redaction.Count);
            WriteStrings(writer, Keys, redaction.Keys);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private static void WriteStrings(Utf8JsonWriter writer, JsonEncodedText name, string[] values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values) writer.WriteStringValue(value);
        writer.WriteEndArray();
    }

    private static void WriteIdObject(Utf8JsonWriter writer, JsonEncodedText name, string? id)
    {
        if (id is null) return;
        writer.WriteStartObject(name);
        writer.WriteString(Id, id);
        writer.WriteEndObject();
    }

    private static void WriteIfPresent(Utf8JsonWriter writer, JsonEncodedText name, string? value)
    {
        if (value is not null) writer.WriteString(name, value);
    }
}
