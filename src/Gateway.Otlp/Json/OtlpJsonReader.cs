using System.Buffers.Text;
using System.Globalization;
using System.Text.Json;
using Gateway.Otlp.Proto.Collector.Logs.V1;
using Gateway.Otlp.Proto.Common.V1;
using Gateway.Otlp.Proto.Logs.V1;
using Gateway.Otlp.Proto.Resource.V1;
using Gateway.Otlp.Receivers;
using Google.Protobuf;

namespace Gateway.Otlp.Json;

/// <summary>
/// Reads OTLP/JSON into the same protobuf objects the binary encoding yields, so both take one path afterwards.
/// Differs from the generic protobuf JSON mapping where the OTLP spec does: trace and span ids are hex, not base64.
/// Field names are accepted in lowerCamelCase and as the proto names; enums as ints (or their names); 64-bit integers
/// as strings or numbers; unknown fields are skipped, as the spec asks of receivers.
/// </summary>
public static class OtlpJsonReader
{
    private static readonly Google.Protobuf.Reflection.EnumDescriptor SeverityNames = LogsReflection.Descriptor.FindTypeByName<Google.Protobuf.Reflection.EnumDescriptor>("SeverityNumber");
    private static readonly JsonReaderOptions Options = new() { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 256 };

    public static ExportLogsServiceRequest Parse(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json, Options);
            reader.Read();
            var request = new ExportLogsServiceRequest();
            ReadObject(ref reader, "request");
            while (NextProperty(ref reader))
            {
                if (Is(ref reader, "resourceLogs"u8, "resource_logs"u8))
                {
                    ForEachObject(ref reader, "resourceLogs");
                    while (NextElement(ref reader)) request.ResourceLogs.Add(ReadResourceLogs(ref reader));
                }
                else SkipValue(ref reader);
            }

            // A second top-level value makes Read throw: the reader allows only one.
            reader.Read();
            return request;
        }
        catch (JsonException e)
        {
            throw new OtlpDecodeException($"invalid JSON: {e.Message}", e);
        }
    }

    private static ResourceLogs ReadResourceLogs(ref Utf8JsonReader reader)
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
                while (NextElement(ref reader)) result.ScopeLogs.Add(ReadScopeLogs(ref reader));
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

    private static ScopeLogs ReadScopeLogs(ref Utf8JsonReader reader)
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
                while (NextElement(ref reader)) result.LogRecords.Add(ReadLogRecord(ref reader));
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

    private static LogRecord ReadLogRecord(ref Utf8JsonReader reader)
    {
        var result = new LogRecord();
        ReadObject(ref reader, "logRecords[]");
        while (NextProperty(ref reader))
        {
            if (Is(ref reader, "timeUnixNano"u8, "time_unix_nano"u8)) result.TimeUnixNano = ReadUInt64(ref reader, "timeUnixNano");
            else if (Is(ref reader, "observedTimeUnixNano"u8, "observed_time_unix_nano"u8)) result.ObservedTimeUnixNano = ReadUInt64(ref reader, "observedTimeUnixNano");
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

    private static bool Is(ref Utf8JsonReader reader, ReadOnlySpan<byte> camelCase, ReadOnlySpan<byte> protoName) =>
        reader.ValueTextEquals(camelCase) || (!camelCase.SequenceEqual(protoName) && reader.ValueTextEquals(protoName));

    private static void ReadObject(ref Utf8JsonReader reader, string what)
    {
        if (reader.TokenType != JsonTokenType.StartObject) throw Unexpected(ref reader, $"an object for {what}");
    }

    /// <summary>Moves to the next property name of the current object; false at its end.</summary>
    private static bool NextProperty(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType == JsonTokenType.PropertyName;
    }

    /// <summary>Reads the value after a property name, which must be an array of objects (or null, meaning empty).</summary>
    private static void ForEachObject(ref Utf8JsonReader reader, string what)
    {
        reader.Read();
        if (reader.TokenType is not (JsonTokenType.StartArray or JsonTokenType.Null)) throw Unexpected(ref reader, $"an array for {what}");
    }

    /// <summary>Moves to the next element of the current array (false at its end, or when the array was null).</summary>
    private static bool NextElement(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null) return false;
        reader.Read();
        if (reader.TokenType == JsonTokenType.EndArray) return false;
        if (reader.TokenType != JsonTokenType.StartObject) throw Unexpected(ref reader, "objects in the array");
        return true;
    }

    private static void SkipValue(ref Utf8JsonReader reader)
    {
        reader.Read();
        reader.Skip();
    }

    private static string ReadString(ref Utf8JsonReader reader, string field)
    {
        reader.Read();
        return reader.TokenType switch
        {
            JsonTokenType.String => reader.GetString()!,
            JsonTokenType.Null => string.Empty,
            _ => throw Unexpected(ref reader, $"a string for {field}"),
        };
    }

    private static bool ReadBool(ref Utf8JsonReader reader, string field)
    {
        reader.Read();
        return reader.TokenType switch
        {
            JsonTokenType.True => true,
            JsonTokenType.False or JsonTokenType.Null => false,
            _ => throw Unexpected(ref reader, $"true or false for {field}"),
        };
    }

    /// <summary>An integer sent as a number or (the proto JSON form of 64-bit values) as a decimal string.</summary>
    private static long ReadInteger(ref Utf8JsonReader reader, string field, long min, long max)
    {
        reader.Read();
        long value;
        switch (reader.TokenType)
        {
            case JsonTokenType.Null: return 0;
            case JsonTokenType.Number when reader.TryGetInt64(out value): break;
            case JsonTokenType.String when !reader.ValueIsEscaped && Utf8Parser.TryParse(reader.ValueSpan, out value, out var consumed) && consumed == reader.ValueSpan.Length: break;
            default: throw Unexpected(ref reader, $"an integer (number or decimal string) for {field}");
        }

        if (value < min || value > max) throw new OtlpDecodeException($"{field} {value} is out of range {min}..{max} (at byte {reader.TokenStartIndex})");
        return value;
    }

    private static ulong ReadUInt64(ref Utf8JsonReader reader, string field)
    {
        reader.Read();
        ulong value;
        switch (reader.TokenType)
        {
            case JsonTokenType.Null: return 0;
            case JsonTokenType.Number when reader.TryGetUInt64(out value): return value;
            case JsonTokenType.String when !reader.ValueIsEscaped && Utf8Parser.TryParse(reader.ValueSpan, out value, out var consumed) && consumed == reader.ValueSpan.Length: return value;
            default: throw Unexpected(ref reader, $"an unsigned integer (number or decimal string) of nanoseconds for {field}");
        }
    }

    private static double ReadDouble(ref Utf8JsonReader reader, string field)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var number)) return number;
        if (reader.TokenType == JsonTokenType.Null) return 0;
        if (reader.TokenType == JsonTokenType.String)
        {
            var text = reader.GetString()!;
            switch (text)
            {
                case "NaN": return double.NaN;
                case "Infinity": return double.PositiveInfinity;
                case "-Infinity": return double.NegativeInfinity;
            }

            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out number)) return number;
        }

        throw Unexpected(ref reader, $"a number for {field}");
    }

    private static ByteString ReadBase64(ref Utf8JsonReader reader, string field)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null) return ByteString.Empty;
        if (reader.TokenType == JsonTokenType.String && reader.TryGetBytesFromBase64(out var bytes)) return ByteString.CopyFrom(bytes);
        throw Unexpected(ref reader, $"base64 text for {field}");
    }

    /// <summary>Trace and span ids are hex in OTLP/JSON; the length is checked later so a bad id rejects only its record.</summary>
    private static ByteString ReadHexId(ref Utf8JsonReader reader, string field)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null) return ByteString.Empty;
        if (reader.TokenType != JsonTokenType.String) throw Unexpected(ref reader, $"a hex string for {field}");
        var text = reader.GetString()!;
        if (text.Length == 0) return ByteString.Empty;
        if (text.Length % 2 != 0 || !IsHex(text))
        {
            throw new OtlpDecodeException($"{field} '{Shorten(text)}' is not hex; OTLP/JSON ids are hex strings (32 characters for traceId, 16 for spanId), not base64");
        }

        return ByteString.CopyFrom(Convert.FromHexString(text));
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

    private static bool IsHex(string text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiHexDigit(c)) return false;
        }

        return true;
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "...";

    private static OtlpDecodeException Unexpected(ref Utf8JsonReader reader, string expected) =>
        new($"not an OTLP/JSON ExportLogsServiceRequest: expected {expected}, found {reader.TokenType} at byte {reader.TokenStartIndex}");
}
