using System.Text.Json;
using Gateway.Otlp.Proto.Common.V1;
using Google.Protobuf;

namespace Gateway.Otlp.Events;

/// <summary>
/// Reading the fields the shapes share. A field of an unexpected type is never dropped: it stays an attribute under
/// its own name (an <c>actor</c> sent as a string is the attribute <c>actor</c>), so only a missing or unusable name
/// or time rejects an event.
/// </summary>
internal static class EventFields
{
    /// <summary>The event's name: a string that is not empty.</summary>
    public static string ReadName(ref Utf8JsonReader reader, string field)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.String)
        {
            var name = reader.GetString()!;
            return name.Length > 0 ? name : throw new EventRejectedException($"{field} is empty; name the event, e.g. \"{field}\": \"user.signup\"");
        }

        var found = EventBodyScanner.Describe(reader.TokenType);
        reader.Skip();
        throw new EventRejectedException($"{field} is {found}; name the event with a string, e.g. \"{field}\": \"user.signup\"");
    }

    /// <summary>An unknown field, kept as an attribute under its name.</summary>
    public static void Keep(ref Utf8JsonReader reader, EventRecordBuilder builder)
    {
        var key = reader.GetString()!;
        builder.Attribute(key, JsonAnyValue.ReadProperty(ref reader));
    }

    /// <summary>The event's time; a time past the range is replaced by the receive time and marked.</summary>
    public static void Time(ref Utf8JsonReader reader, EventRecordBuilder builder, string field)
    {
        if (EventTime.ReadProperty(ref reader, field) is not { } time) return;
        if (EventTime.IsOutOfRange(time))
        {
            builder.TimeUnixNano = 0;
            builder.Marks.Add(EventTime.ReplacedMark(field));
            return;
        }

        builder.TimeUnixNano = time;
    }

    /// <summary>A value that must be a string, number or boolean (an id, a service name): returned, or kept as the attribute <paramref name="field"/> when it is anything else; null when it is JSON null.</summary>
    public static AnyValue? Scalar(AnyValue value, string field, EventRecordBuilder builder)
    {
        if (JsonAnyValue.IsNull(value)) return null;
        if (JsonAnyValue.IsScalar(value)) return value;
        builder.Attribute(field, value);
        return null;
    }

    /// <summary>Like <see cref="Scalar"/>, as text.</summary>
    public static string? Text(ref Utf8JsonReader reader, string field, EventRecordBuilder builder) =>
        Scalar(JsonAnyValue.ReadProperty(ref reader), field, builder) is { } value ? JsonAnyValue.Text(value) : null;

    /// <summary>An object's entries as the event's attributes, keys as sent; anything else kept as the attribute <paramref name="field"/>.</summary>
    public static void Entries(ref Utf8JsonReader reader, string field, EventRecordBuilder builder)
    {
        var value = JsonAnyValue.ReadProperty(ref reader);
        if (value.ValueCase == AnyValue.ValueOneofCase.KvlistValue) builder.Attributes.AddRange(value.KvlistValue.Values);
        else if (!JsonAnyValue.IsNull(value)) builder.Attribute(field, value);
    }

    /// <summary>Tags: an object (each entry a tag) or an array of names (each a tag whose value is <c>true</c>); anything else kept as the attribute <paramref name="field"/>.</summary>
    public static void Tags(AnyValue value, string field, EventRecordBuilder builder)
    {
        switch (value.ValueCase)
        {
            case AnyValue.ValueOneofCase.KvlistValue:
                foreach (var tag in value.KvlistValue.Values) builder.Tags.Add(new KeyValue { Key = "tags." + tag.Key, Value = tag.Value });
                return;
            case AnyValue.ValueOneofCase.ArrayValue:
                var names = value.ArrayValue.Values;
                if (!AllScalar(names))
                {
                    builder.Attribute(field, value);
                    return;
                }

                foreach (var name in names) builder.TagName(JsonAnyValue.Text(name)!);
                return;
            case AnyValue.ValueOneofCase.None:
                return;
            default:
                builder.Attribute(field, value);
                return;
        }
    }

    /// <summary>
    /// An entity (Igniter's actor or scope: <c>{type, id, tags}</c>): type and id returned, tags as
    /// <c>&lt;prefix&gt;.tags.&lt;k&gt;</c>, other entries as attributes <c>&lt;prefix&gt;.&lt;k&gt;</c>.
    /// </summary>
    public static void Entity(AnyValue value, string prefix, List<KeyValue> tags, EventRecordBuilder builder, out AnyValue? type, out AnyValue? id)
    {
        type = id = null;
        if (JsonAnyValue.IsNull(value)) return;
        if (value.ValueCase != AnyValue.ValueOneofCase.KvlistValue)
        {
            builder.Attribute(prefix, value);
            return;
        }

        foreach (var entry in value.KvlistValue.Values)
        {
            switch (entry.Key)
            {
                case "type" when JsonAnyValue.IsScalar(entry.Value): type = entry.Value; break;
                case "id" when JsonAnyValue.IsScalar(entry.Value): id = entry.Value; break;
                case "tags" when entry.Value.ValueCase == AnyValue.ValueOneofCase.KvlistValue:
                    foreach (var tag in entry.Value.KvlistValue.Values) tags.Add(new KeyValue { Key = prefix + ".tags." + tag.Key, Value = tag.Value });
                    break;
                default:
                    if (!JsonAnyValue.IsNull(entry.Value)) builder.Attribute(prefix + "." + entry.Key, entry.Value);
                    break;
            }
        }
    }

    /// <summary>An OTLP span id: 16 hex characters, not all zeros; null for anything else (the caller keeps it as an attribute).</summary>
    public static ByteString? SpanId(AnyValue value)
    {
        if (value.ValueCase != AnyValue.ValueOneofCase.StringValue) return null;
        var text = value.StringValue;
        if (text.Length != 16 || !Json.OtlpJsonTokens.IsHex(text)) return null;
        var bytes = Convert.FromHexString(text);
        return bytes.AsSpan().ContainsAnyExcept((byte)0) ? ByteString.CopyFrom(bytes) : null;
    }

    private static bool AllScalar(Google.Protobuf.Collections.RepeatedField<AnyValue> values)
    {
        foreach (var value in values)
        {
            if (!JsonAnyValue.IsScalar(value)) return false;
        }

        return true;
    }
}
