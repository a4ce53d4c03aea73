using System.Text.Json;
using Gateway.Otlp.Mapping;
using Gateway.Otlp.Proto.Collector.Logs.V1;
using Gateway.Otlp.Proto.Common.V1;
using Gateway.Otlp.Proto.Logs.V1;
using Gateway.Otlp.Proto.Resource.V1;
using Gateway.Otlp.Receivers;
using static Gateway.Otlp.Json.OtlpJsonTokens;

namespace Gateway.Otlp.Json;

/// <summary>
/// Reads OTLP/JSON into the same protobuf objects the binary encoding yields, so both take one path afterwards.
/// Differs from the generic protobuf JSON mapping where the OTLP spec does: trace and span ids are hex, not base64.
/// Field names are accepted in lowerCamelCase and as the proto names; enums as ints (or their names); 64-bit integers
/// as strings or numbers; unknown fields are skipped, as the spec asks of receivers. A body that cannot be read is
/// refused with an <see cref="OtlpDecodeException"/> naming the JSON path; a record time that is not a uint64 rejects
/// only its record (<see cref="OtlpJsonRequest.Faults"/>).
/// </summary>
public static class OtlpJsonReader
{
    private static readonly Google.Protobuf.Reflection.EnumDescriptor SeverityNames = LogsReflection.Descriptor.FindTypeByName<Google.Protobuf.Reflection.EnumDescriptor>("SeverityNumber");
    private static readonly JsonReaderOptions Options = new() { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 256 };

    public static OtlpJsonRequest Parse(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, Options);
        try
        {
            reader.Read();
            var request = new ExportLogsServiceRequest();
            var records = new RecordNumbering();
            ReadObject(ref reader, "request");
            while (NextProperty(ref reader))
            {
                if (Is(ref reader, "resourceLogs"u8, "resource_logs"u8))
                {
                    ForEachObject(ref reader, "resourceLogs");
                    while (NextElement(ref reader)) request.ResourceLogs.Add(ReadResourceLogs(ref reader, records));
                }
                else SkipValue(ref reader);
            }

            // A second top-level value makes Read throw: the reader allows only one.
            reader.Read();
            return new OtlpJsonRequest(request, records.Faults);
        }
        catch (JsonException e)
        {
            throw new OtlpDecodeException($"invalid JSON: {e.Message}", e);
        }
        catch (OtlpDecodeException e)
        {
            throw new OtlpDecodeException($"{e.Message} (at {Where(json, ref reader)})", e);
        }
        catch (InvalidOperationException e)
        {
            // Utf8JsonReader refuses to turn text into a string when it is not valid Unicode: raw bytes that are not
            // UTF-8, or an escaped surrogate without its pair. Protobuf strings cannot hold either.
            throw new OtlpDecodeException(
                $"{Where(json, ref reader)} is not valid Unicode text ({e.Message}); OTLP/JSON must be UTF-8 and every \\uD800-\\uDFFF escape must be half of a surrogate pair (replace invalid text with U+FFFD, or send binary data as base64 in bytesValue)", e);
        }
    }

    private static string Where(ReadOnlySpan<byte> json, ref Utf8JsonReader reader) =>
        $"{OtlpJsonPath.At(json, reader.TokenStartIndex, Options)}, byte {reader.TokenStartIndex}";

    /// <summary>Numbers records across resources and scopes as the mapper does, and keeps the ones found invalid.</summary>
    private sealed class RecordNumbering
    {
        private int _next;

        public RecordFaults? Faults { get; private set; }

        public int Next() => _next++;

        public void Fault(int index, string reason) => (Faults ??= new RecordFaults()).Add(index, reason);
    }

    private static ResourceLogs ReadResourceLogs(ref Utf8JsonReader reader, RecordNumbering records)
    {
        var result = new ResourceLogs();
        ReadObject(ref reader, "resourceLogs[]");
        while (NextProperty(ref reader))
        {
            if (Is(ref reader, "resource"u8, "resource"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.Null) continue;
                result.Resource = ReadResource(ref reader);
            }
            else if (Is(ref reader, "scopeLogs"u8, "scope_logs"u8))
            {
                ForEachObject(ref reader, "scopeLogs");
                while (NextElement(ref reader)) result.ScopeLogs.Add(ReadScopeLogs(ref reader, records));
            }
            else if (Is(ref reader, "schemaUrl"u8, "schema_url"u8)) result.SchemaUrl = ReadString(ref reader, "schemaUrl");
            else SkipValue(ref reader);
        }

        return result;
    }

    private static Resource ReadResource(ref Utf8JsonReader reader)
    {
        var result = new Resource();
        ReadObject(ref reader, "resource");
        while (NextProperty(ref reader))
        {
            if (Is(ref reader, "attributes"u8, "attributes"u8)) ReadKeyValues(ref reader, result.Attributes);
            else if (Is(ref reader, "droppedAttributesCount"u8, "dropped_attributes_count"u8)) result.DroppedAttributesCount = (uint)ReadInteger(ref reader, "droppedAttributesCount", 0, uint.MaxValue);
            else SkipValue(ref reader);
        }

        return result;
    }

    private static ScopeLogs ReadScopeLogs(ref Utf8JsonReader reader, RecordNumbering records)
    {
        var result = new ScopeLogs();
        ReadObject(ref reader, "scopeLogs[]");
        while (NextProperty(ref reader))
        {
            if (Is(ref reader, "scope"u8, "scope"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.Null) continue;
                result.Scope = ReadScope(ref reader);
            }
            else if (Is(ref reader, "logRecords"u8, "log_records"u8))
            {
                ForEachObject(ref reader, "logRecords");
                while (NextElement(ref reader)) result.LogRecords.Add(ReadLogRecord(ref reader, records));
            }
            else if (Is(ref reader, "schemaUrl"u8, "schema_url"u8)) result.SchemaUrl = ReadString(ref reader, "schemaUrl");
            else SkipValue(ref reader);
        }

        return result;
    }

    private static InstrumentationScope ReadScope(ref Utf8JsonReader reader)
    {
        var result = new InstrumentationScope();
        ReadObject(ref reader, "scope");
        while (NextProperty(ref reader))
        {
            if (Is(ref reader, "name"u8, "name"u8)) result.Name = ReadString(ref reader, "scope.name");
            else if (Is(ref reader, "version"u8, "version"u8)) result.Version = ReadString(ref reader, "scope.version");
            else if (Is(ref reader, "attributes"u8, "attributes"u8)) ReadKeyValues(ref reader, result.Attributes);
            else if (Is(ref reader, "droppedAttributesCount"u8, "dropped_attributes_count"u8)) result.DroppedAttributesCount = (uint)ReadInteger(ref reader, "droppedAttributesCount", 0, uint.MaxValue);
            else SkipValue(ref reader);
        }

        return result;
    }

    private static LogRecord ReadLogRecord(ref Utf8JsonReader reader, RecordNumbering records)
    {
        var result = new LogRecord();
        var index = records.Next();
        ReadObject(ref reader, "logRecords[]");
        while (NextProperty(ref reader))
        {
            if (Is(ref reader, "timeUnixNano"u8, "time_unix_nano"u8))
            {
                if (TryReadTimestamp(ref reader, "timeUnixNano", out var time, out var fault)) result.TimeUnixNano = time;
                else records.Fault(index, fault);
            }
            else if (Is(ref reader, "observedTimeUnixNano"u8, "observed_time_unix_nano"u8))
            {
                if (TryReadTimestamp(ref reader, "observedTimeUnixNano", out var observed, out var fault)) result.ObservedTimeUnixNano = observed;
                else records.Fault(index, fault);
            }
            else if (Is(ref reader, "severityNumber"u8, "severity_number"u8)) result.SeverityNumber = ReadSeverity(ref reader);
            else if (Is(ref reader, "severityText"u8, "severity_text"u8)) result.SeverityText = ReadString(ref reader, "severityText");
            else if (Is(ref reader, "body"u8, "body"u8)) result.Body = ReadAnyValue(ref reader);
            else if (Is(ref reader, "attributes"u8, "attributes"u8)) ReadKeyValues(ref reader, result.Attributes);
            else if (Is(ref reader, "droppedAttributesCount"u8, "dropped_attributes_count"u8)) result.DroppedAttributesCount = (uint)ReadInteger(ref reader, "droppedAttributesCount", 0, uint.MaxValue);
            else if (Is(ref reader, "flags"u8, "flags"u8)) result.Flags = (uint)ReadInteger(ref reader, "flags", 0, uint.MaxValue);
            else if (Is(ref reader, "traceId"u8, "trace_id"u8)) result.TraceId = ReadHexId(ref reader, "traceId");
            else if (Is(ref reader, "spanId"u8, "span_id"u8)) result.SpanId = ReadHexId(ref reader, "spanId");
            else if (Is(ref reader, "eventName"u8, "event_name"u8)) result.EventName = ReadString(ref reader, "eventName");
            else SkipValue(ref reader);
        }

        return result;
    }

    private static void ReadKeyValues(ref Utf8JsonReader reader, Google.Protobuf.Collections.RepeatedField<KeyValue> target)
    {
        ForEachObject(ref reader, "attributes");
        while (NextElement(ref reader)) target.Add(ReadKeyValue(ref reader));
    }

    private static KeyValue ReadKeyValue(ref Utf8JsonReader reader)
    {
        var result = new KeyValue();
        ReadObject(ref reader, "attribute");
        while (NextProperty(ref reader))
        {
            if (Is(ref reader, "key"u8, "key"u8)) result.Key = ReadString(ref reader, "key");
            else if (Is(ref reader, "value"u8, "value"u8)) result.Value = ReadAnyValue(ref reader);
            else SkipValue(ref reader);
        }

        return result;
    }

    /// <summary>Reads the value after a property name; null stays null (an absent value).</summary>
    private static AnyValue? ReadAnyValue(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null) return null;
        return ReadAnyValueObject(ref reader);
    }

    /// <summary>Reads an AnyValue object whose first token is the current one.</summary>
    private static AnyValue ReadAnyValueObject(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject) throw Unexpected(ref reader, "an AnyValue object such as {\"stringValue\":\"...\"}");
        var result = new AnyValue();
        while (NextProperty(ref reader))
        {
            if (Is(ref reader, "stringValue"u8, "string_value"u8)) result.StringValue = ReadString(ref reader, "stringValue");
            else if (Is(ref reader, "boolValue"u8, "bool_value"u8)) result.BoolValue = ReadBool(ref reader, "boolValue");
            else if (Is(ref reader, "intValue"u8, "int_value"u8)) result.IntValue = ReadInteger(ref reader, "intValue", long.MinValue, long.MaxValue);
            else if (Is(ref reader, "doubleValue"u8, "double_value"u8)) result.DoubleValue = ReadDouble(ref reader, "doubleValue");
            else if (Is(ref reader, "bytesValue"u8, "bytes_value"u8)) result.BytesValue = ReadBase64(ref reader, "bytesValue");
            else if (Is(ref reader, "arrayValue"u8, "array_value"u8)) ReadArrayValue(ref reader, result);
            else if (Is(ref reader, "kvlistValue"u8, "kvlist_value"u8)) ReadKvlistValue(ref reader, result);
            else SkipValue(ref reader);
        }

        return result;
    }

    private static void ReadArrayValue(ref Utf8JsonReader reader, AnyValue target)
    {
        var array = new ArrayValue();
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null) return;
        ReadObject(ref reader, "arrayValue");
        while (NextProperty(ref reader))
        {
            if (!Is(ref reader, "values"u8, "values"u8))
            {
                SkipValue(ref reader);
                continue;
            }

            ForEachObject(ref reader, "arrayValue.values");
            while (NextElement(ref reader)) array.Values.Add(ReadAnyValueObject(ref reader));
        }

        target.ArrayValue = array;
    }

    private static void ReadKvlistValue(ref Utf8JsonReader reader, AnyValue target)
    {
        var list = new KeyValueList();
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null) return;
        ReadObject(ref reader, "kvlistValue");
        while (NextProperty(ref reader))
        {
            if (Is(ref reader, "values"u8, "values"u8)) ReadKeyValues(ref reader, list.Values);
            else SkipValue(ref reader);
        }

        target.KvlistValue = list;
    }

    private static SeverityNumber ReadSeverity(ref Utf8JsonReader reader)
    {
        reader.Read();
        switch (reader.TokenType)
        {
            case JsonTokenType.Null: return SeverityNumber.Unspecified;
            case JsonTokenType.Number when reader.TryGetInt32(out var number) && number is >= 0 and <= 24: return (SeverityNumber)number;
            case JsonTokenType.String:
                var name = reader.GetString()!;
                var value = SeverityNames.FindValueByName(name);
                if (value is not null) return (SeverityNumber)value.Number;
                break;
        }

        throw Unexpected(ref reader, "severityNumber as an integer 0-24 (or a name such as SEVERITY_NUMBER_INFO)");
    }
}
