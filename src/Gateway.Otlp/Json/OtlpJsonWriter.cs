using System.Buffers;
using System.Globalization;
using System.Text.Json;
using JsonDoubles = Gateway.Envelope.JsonDoubles;
using Gateway.Otlp.Proto.Collector.Logs.V1;
using Gateway.Otlp.Proto.Common.V1;
using Gateway.Otlp.Proto.Logs.V1;

namespace Gateway.Otlp.Json;

/// <summary>
/// OTLP/JSON as the spec writes it (not the generic protobuf JSON mapping): lowerCamelCase names, trace and span ids
/// as hex, 64-bit integers as strings, enums as integers, bytes as base64, NaN and the infinities as strings.
/// </summary>
public static class OtlpJsonWriter
{
    public static void Write(ExportLogsServiceRequest request, IBufferWriter<byte> output)
    {
        using var writer = new Utf8JsonWriter(output);
        writer.WriteStartObject();
        writer.WriteStartArray("resourceLogs"u8);
        foreach (var resourceLogs in request.ResourceLogs)
        {
            writer.WriteStartObject();
            if (resourceLogs.Resource is { } resource)
            {
                writer.WriteStartObject("resource"u8);
                WriteAttributes(writer, resource.Attributes);
                writer.WriteEndObject();
            }

            writer.WriteStartArray("scopeLogs"u8);
            foreach (var scopeLogs in resourceLogs.ScopeLogs)
            {
                writer.WriteStartObject();
                if (scopeLogs.Scope is { } scope)
                {
                    writer.WriteStartObject("scope"u8);
                    writer.WriteString("name"u8, scope.Name);
                    if (scope.Version.Length > 0) writer.WriteString("version"u8, scope.Version);
                    writer.WriteEndObject();
                }

                writer.WriteStartArray("logRecords"u8);
                foreach (var record in scopeLogs.LogRecords) WriteRecord(writer, record);
                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteRecord(Utf8JsonWriter writer, LogRecord record)
    {
        writer.WriteStartObject();
        if (record.TimeUnixNano != 0) writer.WriteString("timeUnixNano"u8, record.TimeUnixNano.ToString(CultureInfo.InvariantCulture));
        if (record.ObservedTimeUnixNano != 0) writer.WriteString("observedTimeUnixNano"u8, record.ObservedTimeUnixNano.ToString(CultureInfo.InvariantCulture));
        if (record.SeverityNumber != SeverityNumber.Unspecified) writer.WriteNumber("severityNumber"u8, (int)record.SeverityNumber);
        if (record.SeverityText.Length > 0) writer.WriteString("severityText"u8, record.SeverityText);
        if (record.EventName.Length > 0) writer.WriteString("eventName"u8, record.EventName);
        if (record.Body is { } body)
        {
            writer.WritePropertyName("body"u8);
            WriteValue(writer, body);
        }

        WriteAttributes(writer, record.Attributes);
        if (!record.TraceId.IsEmpty) writer.WriteString("traceId"u8, Convert.ToHexStringLower(record.TraceId.Span));
        if (!record.SpanId.IsEmpty) writer.WriteString("spanId"u8, Convert.ToHexStringLower(record.SpanId.Span));
        writer.WriteEndObject();
    }

    private static void WriteAttributes(Utf8JsonWriter writer, Google.Protobuf.Collections.RepeatedField<KeyValue> attributes)
    {
        writer.WriteStartArray("attributes"u8);
        foreach (var attribute in attributes)
        {
            writer.WriteStartObject();
            writer.WriteString("key"u8, attribute.Key);
            writer.WritePropertyName("value"u8);
            WriteValue(writer, attribute.Value);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WriteValue(Utf8JsonWriter writer, AnyValue? value)
    {
        writer.WriteStartObject();
        switch (value?.ValueCase)
        {
            case AnyValue.ValueOneofCase.StringValue: writer.WriteString("stringValue"u8, value.StringValue); break;
            case AnyValue.ValueOneofCase.BoolValue: writer.WriteBoolean("boolValue"u8, value.BoolValue); break;
            case AnyValue.ValueOneofCase.IntValue: writer.WriteString("intValue"u8, value.IntValue.ToString(CultureInfo.InvariantCulture)); break;
            case AnyValue.ValueOneofCase.DoubleValue:
                writer.WritePropertyName("doubleValue"u8);
                JsonDoubles.WriteValue(writer, value.DoubleValue);
                break;
            case AnyValue.ValueOneofCase.BytesValue: writer.WriteBase64String("bytesValue"u8, value.BytesValue.Span); break;
            case AnyValue.ValueOneofCase.ArrayValue:
                writer.WriteStartObject("arrayValue"u8);
                writer.WriteStartArray("values"u8);
                foreach (var item in value.ArrayValue.Values) WriteValue(writer, item);
                writer.WriteEndArray();
                writer.WriteEndObject();
                break;
            case AnyValue.ValueOneofCase.KvlistValue:
                writer.WriteStartObject("kvlistValue"u8);
                writer.WritePropertyName("values"u8);
                writer.WriteStartArray();
                foreach (var entry in value.KvlistValue.Values)
                {
                    writer.WriteStartObject();
                    writer.WriteString("key"u8, entry.Key);
                    writer.WritePropertyName("value"u8);
                    WriteValue(writer, entry.Value);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
                break;
        }

        writer.WriteEndObject();
    }
}
