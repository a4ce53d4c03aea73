using System.Text.Json;

namespace Gateway.Otlp.Events;

/// <summary>
/// A Dash0-style custom event, the fields of the Dash0 Web SDK's <c>sendEvent(name, {title, timestamp, data,
/// attributes, severity})</c>, which that SDK sends as an OTLP log event: <c>data</c> is the body, the attributes
/// are OTLP attributes (so <c>session.id</c>, <c>user.id</c>, <c>exception.*</c> ... are read as docs/receiver.md says).
/// </summary>
internal static class Dash0Shape
{
    public static void Read(ref Utf8JsonReader reader, EventRecordBuilder builder)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            switch (EventKeyNames.KeyOf(ref reader))
            {
                case EventKeys.Name: builder.Name = EventFields.ReadName(ref reader, "name"); break;
                case EventKeys.Title: builder.Title = EventFields.Scalar(JsonAnyValue.ReadProperty(ref reader), "title", builder); break;
                case EventKeys.Timestamp: EventFields.Time(ref reader, builder, "timestamp"); break;
                case EventKeys.Data:
                    var data = JsonAnyValue.ReadProperty(ref reader);
                    if (!JsonAnyValue.IsNull(data)) builder.Body = data;
                    break;
                case EventKeys.Attributes: EventFields.Entries(ref reader, "attributes", builder); break;
                case EventKeys.Severity: EventSeverity.Dash0(JsonAnyValue.ReadProperty(ref reader), builder); break;
                default: EventFields.Keep(ref reader, builder); break;
            }
        }
    }
}
