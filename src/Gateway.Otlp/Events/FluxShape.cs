using System.Text.Json;
using Gateway.Otlp.Proto.Common.V1;

namespace Gateway.Otlp.Events;

/// <summary>
/// A BrainzLab Flux event (<c>POST /api/v1/events</c>: <c>name, timestamp, user_id, value, properties, tags</c>;
/// the batch form <c>{"events":[...]}</c> is a batch of these).
/// </summary>
internal static class FluxShape
{
    public static void Read(ref Utf8JsonReader reader, EventRecordBuilder builder)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            switch (EventKeyNames.KeyOf(ref reader))
            {
                case EventKeys.Name: builder.Name = EventFields.ReadName(ref reader, "name"); break;
                case EventKeys.Timestamp: EventFields.Time(ref reader, builder, "timestamp"); break;
                case EventKeys.UserIdSnake: User(JsonAnyValue.ReadProperty(ref reader), "user_id", builder); break;
                case EventKeys.Value: Value(JsonAnyValue.ReadProperty(ref reader), builder); break;
                case EventKeys.Properties: EventFields.Entries(ref reader, "properties", builder); break;
                case EventKeys.Tags: EventFields.Tags(JsonAnyValue.ReadProperty(ref reader), "tags", builder); break;
                default: EventFields.Keep(ref reader, builder); break;
            }
        }
    }

    /// <summary>The user an event is about, as the actor <c>{type: user, id}</c>.</summary>
    internal static void User(AnyValue value, string field, EventRecordBuilder builder)
    {
        if (EventFields.Scalar(value, field, builder) is not { } id) return;
        builder.ActorType = JsonAnyValue.String("user");
        builder.ActorId = id;
    }

    /// <summary>
    /// The numeric value for aggregations: a number, or NaN and the infinities as OTLP/JSON spells them (<c>"NaN"</c>,
    /// <c>"Infinity"</c>, <c>"-Infinity"</c>); anything else stays the attribute <c>value</c>, as a string does over OTLP.
    /// </summary>
    private static void Value(AnyValue value, EventRecordBuilder builder)
    {
        switch (value.ValueCase)
        {
            case AnyValue.ValueOneofCase.IntValue or AnyValue.ValueOneofCase.DoubleValue:
                builder.Value = value;
                return;
            case AnyValue.ValueOneofCase.StringValue when NonFinite(value.StringValue) is { } special:
                builder.Value = new AnyValue { DoubleValue = special };
                return;
            case AnyValue.ValueOneofCase.None:
                return;
            default:
                builder.Attribute("value", value);
                return;
        }
    }

    private static double? NonFinite(string text) => text switch
    {
        Envelope.JsonDoubles.NaN => double.NaN,
        Envelope.JsonDoubles.PositiveInfinity => double.PositiveInfinity,
        Envelope.JsonDoubles.NegativeInfinity => double.NegativeInfinity,
        _ => null,
    };
}
