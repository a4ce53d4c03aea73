using System.Text.Json;
using Gateway.Otlp.Proto.Common.V1;

namespace Gateway.Otlp.Events;

/// <summary>
/// The Igniter telemetry envelope (@igniter-js/telemetry: <c>name, time, level, service, environment, version,
/// sessionId, spanId, actor, scope, attributes, error, source</c>), which is the gateway's own envelope: each field
/// maps to the one of the same name.
/// </summary>
internal static class IgniterShape
{
    public static void Read(ref Utf8JsonReader reader, EventRecordBuilder builder)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            switch (EventKeyNames.KeyOf(ref reader))
            {
                case EventKeys.Name: builder.Name = EventFields.ReadName(ref reader, "name"); break;
                case EventKeys.Time: EventFields.Time(ref reader, builder, "time"); break;
                case EventKeys.Level: EventSeverity.Level(JsonAnyValue.ReadProperty(ref reader), builder); break;
                case EventKeys.Service: builder.Service = EventFields.Text(ref reader, "service", builder); break;
                case EventKeys.Environment: builder.Environment = EventFields.Text(ref reader, "environment", builder); break;
                case EventKeys.Version: builder.Version = EventFields.Text(ref reader, "version", builder); break;
                case EventKeys.SessionId: builder.SessionId = EventFields.Scalar(JsonAnyValue.ReadProperty(ref reader), "sessionId", builder); break;
                case EventKeys.SpanId: SpanId(JsonAnyValue.ReadProperty(ref reader), builder); break;
                case EventKeys.Actor:
                    EventFields.Entity(JsonAnyValue.ReadProperty(ref reader), "actor", builder.ActorTags, builder, out var actorType, out var actorId);
                    builder.ActorType = actorType ?? builder.ActorType;
                    builder.ActorId = actorId ?? builder.ActorId;
                    break;
                case EventKeys.Scope:
                    EventFields.Entity(JsonAnyValue.ReadProperty(ref reader), "scope", builder.ScopeTags, builder, out var scopeType, out var scopeId);
                    builder.ScopeType = scopeType ?? builder.ScopeType;
                    builder.ScopeId = scopeId ?? builder.ScopeId;
                    break;
                case EventKeys.Attributes: EventFields.Entries(ref reader, "attributes", builder); break;
                case EventKeys.Error: Error(JsonAnyValue.ReadProperty(ref reader), builder); break;
                case EventKeys.Source: Source(JsonAnyValue.ReadProperty(ref reader), builder); break;
                default: EventFields.Keep(ref reader, builder); break;
            }
        }
    }

    private static void SpanId(AnyValue value, EventRecordBuilder builder)
    {
        if (EventFields.SpanId(value) is { } spanId) builder.SpanId = spanId;
        else if (!JsonAnyValue.IsNull(value)) builder.Attribute("spanId", value);
    }

    /// <summary><c>{name, message, code, stack}</c>; <c>cause</c> and anything else stay attributes <c>error.&lt;k&gt;</c>.</summary>
    private static void Error(AnyValue value, EventRecordBuilder builder)
    {
        if (!Object(value, "error", builder)) return;
        foreach (var entry in value.KvlistValue.Values)
        {
            switch (entry.Key)
            {
                case "name" when JsonAnyValue.IsScalar(entry.Value): builder.ErrorName = entry.Value; break;
                case "message" when JsonAnyValue.IsScalar(entry.Value): builder.ErrorMessage = entry.Value; break;
                case "code" when JsonAnyValue.IsScalar(entry.Value): builder.ErrorCode = entry.Value; break;
                case "stack" when JsonAnyValue.IsScalar(entry.Value): builder.ErrorStack = entry.Value; break;
                default: KeepEntry(entry, "error.", builder); break;
            }
        }
    }

    /// <summary><c>{causer, file, line}</c> (and <c>function</c>); anything else stays attributes <c>source.&lt;k&gt;</c>.</summary>
    private static void Source(AnyValue value, EventRecordBuilder builder)
    {
        if (!Object(value, "source", builder)) return;
        foreach (var entry in value.KvlistValue.Values)
        {
            switch (entry.Key)
            {
                case "causer" when JsonAnyValue.IsScalar(entry.Value): builder.Causer = entry.Value; break;
                case "file" when JsonAnyValue.IsScalar(entry.Value): builder.File = entry.Value; break;
                case "line" when entry.Value.ValueCase is AnyValue.ValueOneofCase.IntValue or AnyValue.ValueOneofCase.StringValue: builder.Line = entry.Value; break;
                case "function" when JsonAnyValue.IsScalar(entry.Value): builder.Function = entry.Value; break;
                default: KeepEntry(entry, "source.", builder); break;
            }
        }
    }

    /// <summary>True for an object; JSON null is nothing, anything else is kept as the attribute <paramref name="field"/>.</summary>
    private static bool Object(AnyValue value, string field, EventRecordBuilder builder)
    {
        if (value.ValueCase == AnyValue.ValueOneofCase.KvlistValue) return true;
        if (!JsonAnyValue.IsNull(value)) builder.Attribute(field, value);
        return false;
    }

    private static void KeepEntry(KeyValue entry, string prefix, EventRecordBuilder builder)
    {
        if (!JsonAnyValue.IsNull(entry.Value)) builder.Attribute(prefix + entry.Key, entry.Value);
    }
}
