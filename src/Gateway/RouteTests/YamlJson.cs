using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Gateway.Configuration;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Gateway.Host.RouteTests;

/// <summary>
/// Writes YAML as JSON, so a test can hold OTLP/JSON as YAML (JSON pasted as is is YAML too): a plain scalar that
/// reads as a number, true, false or null keeps that type, a quoted one is a string.
/// </summary>
internal static class YamlJson
{
    public static void Write(Utf8JsonWriter writer, YamlNode node)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                writer.WriteStartObject();
                foreach (var (key, value) in mapping.Children)
                {
                    writer.WritePropertyName(((YamlScalarNode)key).Value ?? string.Empty);
                    Write(writer, value);
                }

                writer.WriteEndObject();
                break;
            case YamlSequenceNode sequence:
                writer.WriteStartArray();
                foreach (var item in sequence.Children) Write(writer, item);
                writer.WriteEndArray();
                break;
            case YamlScalarNode scalar:
                WriteScalar(writer, scalar);
                break;
            default:
                writer.WriteNullValue();
                break;
        }
    }

    /// <summary>
    /// An OTLP/JSON logRecord, with two shorthands a person writes more easily: <c>attributes</c> as a plain map
    /// and <c>body</c> as a plain string.
    /// </summary>
    public static void WriteRecord(Utf8JsonWriter writer, YamlMappingNode record)
    {
        writer.WriteStartObject();
        foreach (var (key, value) in record.Children)
        {
            var name = ((YamlScalarNode)key).Value ?? string.Empty;
            writer.WritePropertyName(name);
            if (name == "attributes" && value is YamlMappingNode map) WriteAttributes(writer, map);
            else if (name == "body" && value is YamlScalarNode or YamlSequenceNode) WriteAnyValue(writer, value);
            else Write(writer, value);
        }

        writer.WriteEndObject();
    }

    /// <summary>A plain map as an OTLP/JSON attribute list: [{ "key": k, "value": { "stringValue": v } }, ...].</summary>
    public static void WriteAttributes(Utf8JsonWriter writer, YamlMappingNode map)
    {
        writer.WriteStartArray();
        foreach (var (key, value) in map.Children)
        {
            writer.WriteStartObject();
            writer.WriteString("key", ((YamlScalarNode)key).Value ?? string.Empty);
            writer.WritePropertyName("value");
            WriteAnyValue(writer, value);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    /// <summary>A plain value as an OTLP/JSON AnyValue.</summary>
    public static void WriteAnyValue(Utf8JsonWriter writer, YamlNode node)
    {
        writer.WriteStartObject();
        switch (node)
        {
            case YamlMappingNode map:
                writer.WriteStartObject("kvlistValue");
                writer.WritePropertyName("values");
                WriteAttributes(writer, map);
                writer.WriteEndObject();
                break;
            case YamlSequenceNode sequence:
                writer.WriteStartObject("arrayValue");
                writer.WriteStartArray("values");
                foreach (var item in sequence.Children) WriteAnyValue(writer, item);
                writer.WriteEndArray();
                writer.WriteEndObject();
                break;
            case YamlScalarNode scalar when IsPlain(scalar) && scalar.Value is "true" or "false":
                writer.WriteBoolean("boolValue", scalar.Value == "true");
                break;
            case YamlScalarNode scalar when IsPlain(scalar) && long.TryParse(scalar.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole):
                writer.WriteString("intValue", whole.ToString(CultureInfo.InvariantCulture));
                break;
            case YamlScalarNode scalar when IsPlain(scalar) && double.TryParse(scalar.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number):
                writer.WriteNumber("doubleValue", number);
                break;
            case YamlScalarNode scalar:
                writer.WriteString("stringValue", scalar.Value ?? string.Empty);
                break;
        }

        writer.WriteEndObject();
    }

    public static byte[] ToJson(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer)) write(writer);
        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteScalar(Utf8JsonWriter writer, YamlScalarNode scalar)
    {
        var text = scalar.Value ?? string.Empty;
        if (!IsPlain(scalar))
        {
            writer.WriteStringValue(text);
            return;
        }

        if (YamlBinder.IsNull(scalar)) writer.WriteNullValue();
        else if (text is "true" or "false") writer.WriteBooleanValue(text == "true");
        else if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole)) writer.WriteNumberValue(whole);
        else if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number)) writer.WriteNumberValue(number);
        else writer.WriteStringValue(text);
    }

    private static bool IsPlain(YamlScalarNode scalar) => scalar.Style is ScalarStyle.Plain or ScalarStyle.Any;
}
