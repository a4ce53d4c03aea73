using System.Text.Json;
using Gateway.Otlp.Proto.Common.V1;

namespace Gateway.Otlp.Events;

/// <summary>
/// An Operational event (<c>POST /api/v1/log</c>: <c>name, avatar, type, userId, category, content, actions, muted,
/// notify, test, contextId, contextStart</c>). <c>content</c> is text (the message) or structured (the body: a JSON
/// object, or the <c>rows</c> list of <c>{label, content}</c> kept as sent); a context chain is a session.
/// </summary>
internal static class OperationalShape
{
    public static void Read(ref Utf8JsonReader reader, EventRecordBuilder builder)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            switch (EventKeyNames.KeyOf(ref reader))
            {
                case EventKeys.Name: builder.Name = EventFields.ReadName(ref reader, "name"); break;
                case EventKeys.UserId: FluxShape.User(JsonAnyValue.ReadProperty(ref reader), "userId", builder); break;
                case EventKeys.Category: Category(JsonAnyValue.ReadProperty(ref reader), builder); break;
                case EventKeys.Content: Content(JsonAnyValue.ReadProperty(ref reader), builder); break;
                case EventKeys.ContextId: builder.SessionId = EventFields.Scalar(JsonAnyValue.ReadProperty(ref reader), "contextId", builder) ?? builder.SessionId; break;
                case EventKeys.ContextStart: ContextStart(JsonAnyValue.ReadProperty(ref reader), builder); break;
                case EventKeys.Tags: EventFields.Tags(JsonAnyValue.ReadProperty(ref reader), "tags", builder); break;
                // Not an Operational field: the gateway's own, so events of this shape can carry their time too.
                case EventKeys.Timestamp: EventFields.Time(ref reader, builder, "timestamp"); break;
                default: EventFields.Keep(ref reader, builder); break;
            }
        }
    }

    private static void Category(AnyValue value, EventRecordBuilder builder)
    {
        if (EventFields.Scalar(value, "category", builder) is { } category) builder.Tags.Add(new KeyValue { Key = "tags.category", Value = category });
    }

    private static void Content(AnyValue value, EventRecordBuilder builder)
    {
        if (!JsonAnyValue.IsNull(value)) builder.Body = value;
    }

    /// <summary><c>true</c> (or the string "true") starts a context chain; <c>false</c> is the default and says nothing; anything else stays an attribute.</summary>
    private static void ContextStart(AnyValue value, EventRecordBuilder builder)
    {
        switch (value.ValueCase)
        {
            case AnyValue.ValueOneofCase.BoolValue:
                builder.ContextStart = value.BoolValue;
                return;
            case AnyValue.ValueOneofCase.StringValue when bool.TryParse(value.StringValue, out var parsed):
                builder.ContextStart = parsed;
                return;
            case AnyValue.ValueOneofCase.None:
                return;
            default:
                builder.Attribute("contextStart", value);
                return;
        }
    }
}
