using System.Globalization;
using System.Text;
using System.Text.Json;
using Gateway.Otlp.Proto.Common.V1;

namespace Gateway.Otlp.Events;

/// <summary>
/// Plain JSON values as OTLP AnyValues, so an event's data goes through the same bounds and id rule as an OTLP
/// record's: strings, booleans, integers (when whole and within 64 bits), doubles, arrays, objects (key-value lists,
/// keys as sent) and null (an empty value, kept). A number past the double range is an infinity, as JSON.parse reads it.
/// </summary>
internal static class JsonAnyValue
{
    /// <summary>The value the reader is on (a value token, not a property name); leaves the reader on its last token.</summary>
    public static AnyValue Read(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return new AnyValue { StringValue = reader.GetString()! };
            case JsonTokenType.Number:
                return Number(ref reader);
            case JsonTokenType.True:
                return new AnyValue { BoolValue = true };
            case JsonTokenType.False:
                return new AnyValue { BoolValue = false };
            case JsonTokenType.StartArray:
                var array = new ArrayValue();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray) array.Values.Add(Read(ref reader));
                return new AnyValue { ArrayValue = array };
            case JsonTokenType.StartObject:
                var map = new KeyValueList();
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var key = reader.GetString()!;
                    reader.Read();
                    map.Values.Add(new KeyValue { Key = key, Value = Read(ref reader) });
                }

                return new AnyValue { KvlistValue = map };
            default:
                return new AnyValue();
        }
    }

    /// <summary>Reads the value after the property name the reader is on.</summary>
    public static AnyValue ReadProperty(ref Utf8JsonReader reader)
    {
        reader.Read();
        return Read(ref reader);
    }

    public static AnyValue Number(ref Utf8JsonReader reader)
    {
        if (reader.TryGetInt64(out var integer)) return new AnyValue { IntValue = integer };
        if (reader.TryGetDouble(out var number)) return new AnyValue { DoubleValue = number };
        // Valid JSON the reader will not give as a double: past its range, where IEEE (and JSON.parse) reads an infinity.
        var text = Encoding.ASCII.GetString(reader.ValueSpan);
        return new AnyValue { DoubleValue = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture) };
    }

    public static bool IsNull(AnyValue value) => value.ValueCase == AnyValue.ValueOneofCase.None;

    /// <summary>A string, number or boolean: what an id, a name or a tag value can be read from.</summary>
    public static bool IsScalar(AnyValue value) => value.ValueCase is AnyValue.ValueOneofCase.StringValue or AnyValue.ValueOneofCase.IntValue
        or AnyValue.ValueOneofCase.DoubleValue or AnyValue.ValueOneofCase.BoolValue;

    /// <summary>The value as text for an id or a name: strings as they are, numbers and booleans as JSON writes them; null for anything else.</summary>
    public static string? Text(AnyValue value) => value.ValueCase switch
    {
        AnyValue.ValueOneofCase.StringValue => value.StringValue,
        AnyValue.ValueOneofCase.IntValue => value.IntValue.ToString(CultureInfo.InvariantCulture),
        AnyValue.ValueOneofCase.DoubleValue => value.DoubleValue.ToString("R", CultureInfo.InvariantCulture),
        AnyValue.ValueOneofCase.BoolValue => value.BoolValue ? "true" : "false",
        _ => null,
    };

    public static AnyValue String(string text) => new() { StringValue = text };
}
