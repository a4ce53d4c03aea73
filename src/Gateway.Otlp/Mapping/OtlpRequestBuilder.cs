using Gateway.Envelope;
using Gateway.Exporters;
using Gateway.Otlp.Proto.Collector.Logs.V1;
using Gateway.Otlp.Proto.Common.V1;
using Gateway.Otlp.Proto.Logs.V1;
using Gateway.Otlp.Proto.Resource.V1;
using Google.Protobuf;
using EnvelopeKeyValue = Gateway.Envelope.KeyValue;
using ProtoKeyValue = Gateway.Otlp.Proto.Common.V1.KeyValue;

namespace Gateway.Otlp.Mapping;

/// <summary>
/// The inverse of <see cref="EnvelopeMapper"/>: envelopes back into an OTLP request, each field written where the
/// receiver reads it first, so another gateway maps the record to the same envelope (docs/otlp-exporter.md has the
/// table). Fields OTLP has no place for travel as <see cref="ForwardedKeys"/>. Envelopes in a row that share a
/// resource and a scope share one ResourceLogs and ScopeLogs.
/// </summary>
public static class OtlpRequestBuilder
{
    public static ExportLogsServiceRequest Build(in EventBatch batch)
    {
        var request = new ExportLogsServiceRequest();
        ResourceLogs? resourceLogs = null;
        ScopeLogs? scopeLogs = null;
        EventEnvelope? previous = null;
        foreach (var envelope in batch.Span)
        {
            if (previous is null || !SameResource(previous, envelope))
            {
                resourceLogs = new ResourceLogs { Resource = ResourceOf(envelope) };
                request.ResourceLogs.Add(resourceLogs);
                scopeLogs = null;
            }

            if (scopeLogs is null || !SameScope(previous!, envelope))
            {
                scopeLogs = new ScopeLogs();
                if (envelope.ScopeName is not null || envelope.ScopeVersion is not null)
                {
                    scopeLogs.Scope = new InstrumentationScope { Name = envelope.ScopeName ?? "", Version = envelope.ScopeVersion ?? "" };
                }

                resourceLogs!.ScopeLogs.Add(scopeLogs);
            }

            scopeLogs.LogRecords.Add(RecordOf(envelope));
            previous = envelope;
        }

        return request;
    }

    public static LogRecord RecordOf(EventEnvelope envelope)
    {
        var record = new LogRecord
        {
            TimeUnixNano = (ulong)envelope.TimeUnixNano,
            ObservedTimeUnixNano = (ulong)envelope.ObservedTimeUnixNano,
            SeverityNumber = (SeverityNumber)envelope.SeverityNumber,
            SeverityText = envelope.SeverityText ?? "",
        };

        // The receiver falls back to the scope name, then "log": only a name that differs needs saying.
        if (!string.Equals(envelope.Name, envelope.ScopeName ?? EnvelopeMapper.DefaultName, StringComparison.Ordinal)) record.EventName = envelope.Name;
        if (envelope.Message is not null) record.Body = new AnyValue { StringValue = envelope.Message };
        else if (!envelope.Body.IsEmpty) record.Body = ValueOf(envelope.Body);
        if (envelope.TraceId is not null) record.TraceId = ByteString.CopyFrom(Convert.FromHexString(envelope.TraceId));
        if (envelope.SpanId is not null) record.SpanId = ByteString.CopyFrom(Convert.FromHexString(envelope.SpanId));

        // Recognized fields first, so they take their slots before any attribute of the same key that lost to them at
        // the first gateway (those were appended after the others, and are again).
        var attributes = record.Attributes;
        attributes.Add(Text(ForwardedKeys.RecordUid, envelope.IdHex));
        if (envelope.Truncated is { Length: > 0 } truncated) attributes.Add(Strings(ForwardedKeys.Truncated, truncated));
        if (envelope.SampleRate is { } rate) attributes.Add(new ProtoKeyValue { Key = ForwardedKeys.SampleRate, Value = new AnyValue { DoubleValue = rate } });
        if (envelope.Redaction is { } redaction)
        {
            attributes.Add(new ProtoKeyValue { Key = ForwardedKeys.RedactionCount, Value = new AnyValue { IntValue = redaction.Count } });
            attributes.Add(Strings(ForwardedKeys.RedactionKeys, redaction.Keys));
        }

        // A session id equal to the trace id is what the receiver derives anyway.
        if (envelope.SessionId is not null && !string.Equals(envelope.SessionId, envelope.TraceId, StringComparison.Ordinal)) attributes.Add(Text("session.id", envelope.SessionId));
        if (envelope.ContextStart) attributes.Add(new ProtoKeyValue { Key = "context.start", Value = new AnyValue { BoolValue = true } });
        AddEntity(attributes, envelope.Actor, "actor.type", "actor.id", RecognizedKeys.ActorTagsPrefix);
        AddEntity(attributes, envelope.Scope, "scope.type", "scope.id", RecognizedKeys.ScopeTagsPrefix);
        AddError(attributes, envelope.Error);
        AddSource(attributes, envelope.Source, envelope.ScopeName);
        if (envelope.Title is not null) attributes.Add(Text("event.title", envelope.Title));
        if (envelope.Value is { } value) attributes.Add(new ProtoKeyValue { Key = "event.value", Value = new AnyValue { DoubleValue = value } });
        foreach (ref readonly var tag in envelope.Tags.AsSpan()) attributes.Add(new ProtoKeyValue { Key = RecognizedKeys.TagsPrefix + tag.Key, Value = ValueOf(tag.Value) });
        foreach (ref readonly var attribute in envelope.Attributes.AsSpan()) attributes.Add(new ProtoKeyValue { Key = attribute.Key, Value = ValueOf(attribute.Value) });
        return record;
    }

    public static AnyValue ValueOf(AttributeValue value)
    {
        switch (value.Kind)
        {
            case AttributeKind.String: return new AnyValue { StringValue = value.AsString };
            case AttributeKind.Bool: return new AnyValue { BoolValue = value.AsBool };
            case AttributeKind.Long: return new AnyValue { IntValue = value.AsLong };
            case AttributeKind.Double: return new AnyValue { DoubleValue = value.AsDouble };
            case AttributeKind.Bytes: return new AnyValue { BytesValue = ByteString.CopyFrom(value.AsBytes) };
            case AttributeKind.Array:
                var array = new ArrayValue();
                foreach (var item in value.AsArray) array.Values.Add(ValueOf(item));
                return new AnyValue { ArrayValue = array };
            case AttributeKind.Map:
                var map = new KeyValueList();
                foreach (ref readonly var entry in value.AsMap.AsSpan()) map.Values.Add(new ProtoKeyValue { Key = entry.Key, Value = ValueOf(entry.Value) });
                return new AnyValue { KvlistValue = map };
            default:
                return new AnyValue();
        }
    }

    private static Resource ResourceOf(EventEnvelope envelope)
    {
        var resource = new Resource();
        var attributes = resource.Attributes;
        attributes.Add(Text("service.name", envelope.Service));
        if (envelope.Environment is not null) attributes.Add(Text("deployment.environment.name", envelope.Environment));
        if (envelope.Version is not null) attributes.Add(Text("service.version", envelope.Version));
        foreach (ref readonly var attribute in envelope.Resource.AsSpan()) attributes.Add(new ProtoKeyValue { Key = attribute.Key, Value = ValueOf(attribute.Value) });
        return resource;
    }

    private static void AddEntity(Google.Protobuf.Collections.RepeatedField<ProtoKeyValue> attributes, EntityRef? entity, string typeKey, string idKey, string tagsPrefix)
    {
        if (entity is null) return;
        attributes.Add(Text(typeKey, entity.Type));
        if (entity.Id is not null) attributes.Add(Text(idKey, entity.Id));
        foreach (ref readonly var tag in entity.Tags.AsSpan()) attributes.Add(new ProtoKeyValue { Key = tagsPrefix + tag.Key, Value = ValueOf(tag.Value) });
    }

    private static void AddError(Google.Protobuf.Collections.RepeatedField<ProtoKeyValue> attributes, ErrorInfo? error)
    {
        if (error is null) return;
        if (error.Name is not null) attributes.Add(Text("exception.type", error.Name));
        if (error.Message is not null) attributes.Add(Text("exception.message", error.Message));
        if (error.Code is not null) attributes.Add(Text("exception.code", error.Code));
        if (error.Stack is not null) attributes.Add(Text("exception.stacktrace", error.Stack));
    }

    private static void AddSource(Google.Protobuf.Collections.RepeatedField<ProtoKeyValue> attributes, SourceLocation? source, string? scopeName)
    {
        if (source is null) return;
        // The receiver takes the causer from the scope name when there is one.
        if (scopeName is null && source.Causer is not null) attributes.Add(Text("code.namespace", source.Causer));
        if (source.File is not null) attributes.Add(Text("code.file.path", source.File));
        if (source.Line is { } line) attributes.Add(new ProtoKeyValue { Key = "code.line.number", Value = new AnyValue { IntValue = line } });
        if (source.Function is not null) attributes.Add(Text("code.function.name", source.Function));
    }

    private static bool SameResource(EventEnvelope a, EventEnvelope b) =>
        string.Equals(a.Service, b.Service, StringComparison.Ordinal)
        && string.Equals(a.Environment, b.Environment, StringComparison.Ordinal)
        && string.Equals(a.Version, b.Version, StringComparison.Ordinal)
        && (ReferenceEquals(a.Resource, b.Resource) || a.Resource.AsSpan().SequenceEqual(b.Resource));

    private static bool SameScope(EventEnvelope a, EventEnvelope b) =>
        string.Equals(a.ScopeName, b.ScopeName, StringComparison.Ordinal) && string.Equals(a.ScopeVersion, b.ScopeVersion, StringComparison.Ordinal);

    private static ProtoKeyValue Text(string key, string value) => new() { Key = key, Value = new AnyValue { StringValue = value } };

    private static ProtoKeyValue Strings(string key, string[] values)
    {
        var array = new ArrayValue();
        foreach (var value in values) array.Values.Add(new AnyValue { StringValue = value });
        return new ProtoKeyValue { Key = key, Value = new AnyValue { ArrayValue = array } };
    }
}
