using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Gateway.Envelope;

namespace Gateway.Testing.Redaction;

/// <summary>
/// The canary envelopes as an OTLP/JSON logs request (POST to /v1/logs with Content-Type application/json), written
/// with the attribute conventions the receiver maps back to envelope fields: <c>session.id</c>, <c>actor.*</c>,
/// <c>scope.*</c>, <c>actor.tags.*</c>, <c>scope.tags.*</c>, <c>tags.*</c>, <c>event.title</c>, <c>exception.*</c>.
/// </summary>
public static class RedactionCanaryOtlp
{
    public static string ExportLogsRequestJson()
    {
        var envelopes = RedactionCanary.Envelopes();
        var buffer = new ArrayBufferWriter<byte>(8192);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("resourceLogs");
            foreach (var envelope in envelopes) WriteResourceLogs(writer, envelope);
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteResourceLogs(Utf8JsonWriter writer, EventEnvelope envelope)
    {
        writer.WriteStartObject();
        writer.WriteStartObject("resource");
        writer.WriteStartArray("attributes");
        WriteAttribute(writer, "service.name", AttributeValue.FromString(envelope.Service));
        foreach (var entry in envelope.Resource) WriteAttribute(writer, entry.Key, entry.Value);
        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteStartArray("scopeLogs");
        writer.WriteStartObject();
        writer.WriteStartObject("scope");
        writer.WriteString("name", envelope.ScopeName ?? "canary");
        writer.WriteEndObject();
        writer.WriteStartArray("logRecords");
        WriteRecord(writer, envelope);
        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteRecord(Utf8JsonWriter writer, EventEnvelope envelope)
    {
        writer.WriteStartObject();
        writer.WriteString("timeUnixNano", envelope.TimeUnixNano.ToString(CultureInfo.InvariantCulture));
        writer.WriteNumber("severityNumber", envelope.SeverityNumber);
        writer.WriteString("severityText", envelope.SeverityText);
        writer.WriteString("eventName", envelope.Name);
        if (envelope.TraceId is not null) writer.WriteString("traceId", envelope.TraceId);
        if (envelope.SpanId is not null) writer.WriteString("spanId", envelope.SpanId);
        writer.WritePropertyName("body");
        WriteAnyValue(writer, envelope.Body.IsEmpty ? AttributeValue.FromString(envelope.Message ?? string.Empty) : envelope.Body);
        writer.WriteStartArray("attributes");
        foreach (var entry in envelope.Attributes) WriteAttribute(writer, entry.Key, entry.Value);
        WriteText(writer, "session.id", envelope.SessionId);
        WriteText(writer, "event.title", envelope.Title);
        WriteEntity(writer, "actor", envelope.Actor);
        WriteEntity(writer, "scope", envelope.Scope);
        foreach (var tag in envelope.Tags) WriteAttribute(writer, "tags." + tag.Key, tag.Value);
        if (envelope.Error is { } error)
        {
            WriteText(writer, "exception.type", error.Name);
            WriteText(writer, "exception.message", error.Message);
            WriteText(writer, "exception.stacktrace", error.Stack);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteEntity(Utf8JsonWriter writer, string prefix, EntityRef? entity)
    {
        if (entity is null) return;
        WriteText(writer, prefix + ".type", entity.Type);
        WriteText(writer, prefix + ".id", entity.Id);
        foreach (var tag in entity.Tags) WriteAttribute(writer, prefix + ".tags." + tag.Key, tag.Value);
    }

    private static void WriteText(Utf8JsonWriter writer, string key, string? value)
    {
        if (value is not null) WriteAttribute(writer, key, AttributeValue.FromString(value));
    }

    private static void WriteAttribute(Utf8JsonWriter writer, string key, AttributeValue value)
    {
        writer.WriteStartObject();
        writer.WriteString("key", key);
        writer.WritePropertyName("value");
        WriteAnyValue(writer, value);
        writer.WriteEndObject();
    }

    private static void WriteAnyValue(Utf8JsonWriter writer, AttributeValue value)
    {
        writer.WriteStartObject();
        switch (value.Kind)
        {
            case AttributeKind.String: writer.WriteString("stringValue", value.AsString); break;
            case AttributeKind.Bool: writer.WriteBoolean("boolValue", value.AsBool); break;
            case AttributeKind.Long: writer.WriteString("intValue", value.AsLong.ToString(CultureInfo.InvariantCulture)); break;
            case AttributeKind.Double: writer.WriteNumber("doubleValue", value.AsDouble); break;
            case AttributeKind.Bytes: writer.WriteBase64String("bytesValue", value.AsBytes); break;
            case AttributeKind.Array:
                writer.WriteStartObject("arrayValue");
                writer.WriteStartArray("values");
                foreach (var item in value.AsArray) WriteAnyValue(writer, item);
                writer.WriteEndArray();
                writer.WriteEndObject();
                break;
            case AttributeKind.Map:
                writer.WriteStartObject("kvlistValue");
                writer.WriteStartArray("values");
                foreach (var entry in value.AsMap) WriteAttribute(writer, entry.Key, entry.Value);
                writer.WriteEndArray();
                writer.WriteEndObject();
                break;
        }

        writer.WriteEndObject();
    }
}
