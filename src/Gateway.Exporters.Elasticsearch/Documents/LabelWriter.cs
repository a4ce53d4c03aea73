using System.Buffers.Text;
using System.Text.Json;
using Gateway.Envelope;

namespace Gateway.Exporters.Elasticsearch.Documents;

/// <summary>
/// Writes the envelope's tags as ECS <c>labels</c>: ECS stores every label as a keyword, so each value is written as a
/// string (scalars formatted without allocating, composites as their JSON text) and a tag can never become an object.
/// Dots in a key are kept out of the object path (a.b becomes a_b), as the ECS loggers do.
/// </summary>
public static class LabelWriter
{
    public static void Write(Utf8JsonWriter writer, JsonEncodedText name, KeyValue[] tags)
    {
        writer.WriteStartObject(name);
        Span<char> key = stackalloc char[128];
        Span<byte> number = stackalloc byte[32];
        foreach (ref readonly var tag in tags.AsSpan())
        {
            if (tag.Key.Length <= key.Length && tag.Key.Contains('.', StringComparison.Ordinal))
            {
                tag.Key.AsSpan().CopyTo(key);
                key[..tag.Key.Length].Replace('.', '_');
                writer.WritePropertyName(key[..tag.Key.Length]);
            }
            else
            {
                writer.WritePropertyName(tag.Key.Contains('.', StringComparison.Ordinal) ? tag.Key.Replace('.', '_') : tag.Key);
            }

            WriteValue(writer, tag.Value, number);
        }

        writer.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter writer, AttributeValue value, Span<byte> number)
    {
        int written;
        switch (value.Kind)
        {
            case AttributeKind.String:
                writer.WriteStringValue(value.AsString);
                return;
            case AttributeKind.Bool:
                writer.WriteStringValue(value.AsBool ? "true"u8 : "false"u8);
                return;
            case AttributeKind.Long when Utf8Formatter.TryFormat(value.AsLong, number, out written):
                writer.WriteStringValue(number[..written]);
                return;
            case AttributeKind.Double when !double.IsFinite(value.AsDouble):
                writer.WriteStringValue(JsonDoubles.NonFiniteText(value.AsDouble));
                return;
            case AttributeKind.Double when Utf8Formatter.TryFormat(value.AsDouble, number, out written):
                writer.WriteStringValue(number[..written]);
                return;
            default:
                writer.WriteStringValue(value.ToString());
                return;
        }
    }
}
