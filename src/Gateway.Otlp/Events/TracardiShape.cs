using System.Text.Json;
using Gateway.Otlp.Proto.Common.V1;

namespace Gateway.Otlp.Events;

/// <summary>
/// A Tracardi tracker payload (<c>POST /track</c>: <c>source.id, session.id, profile.id, context, properties,
/// options, tags, time, events[]</c>, each event <c>type, properties, options, context, tags, time</c>): one envelope
/// per event, named by its type, sharing the payload's session (the envelope's session), profile (its actor, type
/// <c>profile</c>) and source (its resource); context and options are merged, the event's entries winning.
/// </summary>
internal static class TracardiShape
{
    /// <summary>Reads the payload's shared fields and returns a reader on its events array (which <see cref="EventBodyScanner"/> has checked is one).</summary>
    public static Utf8JsonReader ReadPayload(ref Utf8JsonReader reader, TracardiPayload payload)
    {
        Utf8JsonReader events = default;
        var found = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            switch (EventKeyNames.KeyOf(ref reader))
            {
                case EventKeys.Events when !found:
                    reader.Read();
                    events = reader;
                    found = true;
                    reader.Skip();
                    break;
                case EventKeys.Source: Prefixed(JsonAnyValue.ReadProperty(ref reader), "source", payload.Source); break;
                case EventKeys.Session: payload.SessionId = IdOf(JsonAnyValue.ReadProperty(ref reader), "session", payload.Other); break;
                case EventKeys.Profile: payload.ProfileId = IdOf(JsonAnyValue.ReadProperty(ref reader), "profile", payload.Other); break;
                case EventKeys.Context: Map(JsonAnyValue.ReadProperty(ref reader), "context", payload.Context, payload.Other); break;
                case EventKeys.Properties: Map(JsonAnyValue.ReadProperty(ref reader), "properties", payload.Properties, payload.Other); break;
                case EventKeys.Options: Map(JsonAnyValue.ReadProperty(ref reader), "options", payload.Options, payload.Other); break;
                case EventKeys.Tags: payload.Tags = JsonAnyValue.ReadProperty(ref reader); break;
                case EventKeys.Time: payload.Time = Times(ref reader, payload.Other); break;
                default:
                    var key = reader.GetString()!;
                    payload.Other.Add(new KeyValue { Key = key, Value = JsonAnyValue.ReadProperty(ref reader) });
                    break;
            }
        }

        return events;
    }

    /// <summary>One element of <c>events</c>, then what the payload gives it.</summary>
    public static void ReadEvent(ref Utf8JsonReader reader, EventRecordBuilder builder, TracardiPayload payload)
    {
        payload.EventContext.Clear();
        payload.EventOptions.Clear();
        var times = default(TracardiTimes);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            switch (EventKeyNames.KeyOf(ref reader))
            {
                case EventKeys.Type: builder.Name = EventFields.ReadName(ref reader, "type"); break;
                case EventKeys.Properties: EventFields.Entries(ref reader, "properties", builder); break;
                case EventKeys.Context: Map(JsonAnyValue.ReadProperty(ref reader), "context", payload.EventContext, builder.Attributes); break;
                case EventKeys.Options: Map(JsonAnyValue.ReadProperty(ref reader), "options", payload.EventOptions, builder.Attributes); break;
                case EventKeys.Tags: EventFields.Tags(JsonAnyValue.ReadProperty(ref reader), "tags", builder); break;
                case EventKeys.Time: times = Times(ref reader, builder.Attributes); break;
                default: EventFields.Keep(ref reader, builder); break;
            }
        }

        if (builder.Name is null) return;
        builder.SessionId = payload.SessionId;
        if (payload.ProfileId is { } profile)
        {
            builder.ActorType = JsonAnyValue.String("profile");
            builder.ActorId = profile;
        }

        builder.Resource.AddRange(payload.Source);
        AddMissing(builder.Attributes, payload.Properties);
        Merged(builder, "context", payload.EventContext, payload.Context);
        Merged(builder, "options", payload.EventOptions, payload.Options);
        if (payload.Tags is { } tags) EventFields.Tags(tags, "tags", builder);
        AddMissing(builder.Attributes, payload.Other);
        Time(builder, times.Create is not null ? (times.Create, "time.create") : times.Insert is not null ? (times.Insert, "time.insert")
            : payload.Time.Create is not null ? (payload.Time.Create, "time.create") : (payload.Time.Insert, "time.insert"), observed: false);
        Time(builder, times.Insert is not null ? (times.Insert, "time.insert") : (payload.Time.Insert, "time.insert"), observed: true);
    }

    /// <summary><c>{id, ...}</c>: the id returned, the other entries kept as <c>&lt;field&gt;.&lt;k&gt;</c>; a bare string or number is the id itself.</summary>
    private static AnyValue? IdOf(AnyValue value, string field, List<KeyValue> other)
    {
        if (JsonAnyValue.IsScalar(value)) return value;
        if (value.ValueCase != AnyValue.ValueOneofCase.KvlistValue)
        {
            if (!JsonAnyValue.IsNull(value)) other.Add(new KeyValue { Key = field, Value = value });
            return null;
        }

        AnyValue? id = null;
        foreach (var entry in value.KvlistValue.Values)
        {
            if (entry.Key == "id" && JsonAnyValue.IsScalar(entry.Value)) id = entry.Value;
            else if (!JsonAnyValue.IsNull(entry.Value)) other.Add(new KeyValue { Key = field + "." + entry.Key, Value = entry.Value });
        }

        return id;
    }

    private static void Prefixed(AnyValue value, string field, List<KeyValue> into)
    {
        if (value.ValueCase != AnyValue.ValueOneofCase.KvlistValue)
        {
            if (!JsonAnyValue.IsNull(value)) into.Add(new KeyValue { Key = field, Value = value });
            return;
        }

        foreach (var entry in value.KvlistValue.Values) into.Add(new KeyValue { Key = field + "." + entry.Key, Value = entry.Value });
    }

    /// <summary>An object's entries into <paramref name="into"/>; anything else kept under <paramref name="field"/> in <paramref name="other"/>.</summary>
    private static void Map(AnyValue value, string field, List<KeyValue> into, List<KeyValue> other)
    {
        if (value.ValueCase == AnyValue.ValueOneofCase.KvlistValue) into.AddRange(value.KvlistValue.Values);
        else if (!JsonAnyValue.IsNull(value)) other.Add(new KeyValue { Key = field, Value = value });
    }

    /// <summary><c>time</c>: <c>{create, insert}</c> (anything else in it kept as <c>time.&lt;k&gt;</c>), or a bare time taken as create.</summary>
    private static TracardiTimes Times(ref Utf8JsonReader reader, List<KeyValue> other)
    {
        var times = default(TracardiTimes);
        var probe = reader;
        probe.Read();
        if (probe.TokenType != JsonTokenType.StartObject)
        {
            times.Create = EventTime.ReadProperty(ref reader, "time");
            return times;
        }

        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("create"u8)) times.Create = EventTime.ReadProperty(ref reader, "time.create");
            else if (reader.ValueTextEquals("insert"u8)) times.Insert = EventTime.ReadProperty(ref reader, "time.insert");
            else
            {
                var key = "time." + reader.GetString();
                other.Add(new KeyValue { Key = key, Value = JsonAnyValue.ReadProperty(ref reader) });
            }
        }

        return times;
    }

    private static void Time(EventRecordBuilder builder, (ulong? Time, string Field) chosen, bool observed)
    {
        if (chosen.Time is not { } time) return;
        if (EventTime.IsOutOfRange(time))
        {
            builder.Marks.Add(EventTime.ReplacedMark(chosen.Field));
            return;
        }

        if (observed) builder.ObservedTimeUnixNano = time;
        else builder.TimeUnixNano = time;
    }

    /// <summary>The event's entries, then the payload's whose keys the event did not use, as one object attribute.</summary>
    private static void Merged(EventRecordBuilder builder, string field, List<KeyValue> own, List<KeyValue> shared)
    {
        if (own.Count == 0 && shared.Count == 0) return;
        var merged = new KeyValueList();
        merged.Values.Add(own);
        foreach (var entry in shared)
        {
            if (!Contains(own, entry.Key)) merged.Values.Add(entry);
        }

        builder.Attribute(field, new AnyValue { KvlistValue = merged });
    }

    private static void AddMissing(List<KeyValue> attributes, List<KeyValue> shared)
    {
        foreach (var entry in shared)
        {
            if (!Contains(attributes, entry.Key)) attributes.Add(entry);
        }
    }

    private static bool Contains(IReadOnlyList<KeyValue> entries, string key)
    {
        for (var i = 0; i < entries.Count; i++)
        {
            if (entries[i].Key == key) return true;
        }

        return false;
    }
}
