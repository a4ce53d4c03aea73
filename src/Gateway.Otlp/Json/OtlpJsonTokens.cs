using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Gateway.Otlp.Receivers;
using Google.Protobuf;

namespace Gateway.Otlp.Json;

/// <summary>
/// Token-level reading for <see cref="OtlpJsonReader"/>: moving through objects and arrays, and the scalar forms
/// OTLP/JSON allows (64-bit integers as strings, hex ids, base64 bytes, NaN and infinities as strings).
/// Every failure is an <see cref="OtlpDecodeException"/> naming the field; the reader adds where it is.
/// </summary>
internal static class OtlpJsonTokens
{
    internal static bool Is(ref Utf8JsonReader reader, ReadOnlySpan<byte> camelCase, ReadOnlySpan<byte> protoName) =>
        reader.ValueTextEquals(camelCase) || (!camelCase.SequenceEqual(protoName) && reader.ValueTextEquals(protoName));

    internal static void ReadObject(ref Utf8JsonReader reader, string what)
    {
        if (reader.TokenType != JsonTokenType.StartObject) throw Unexpected(ref reader, $"an object for {what}");
    }

    /// <summary>Moves to the next property name of the current object; false at its end.</summary>
    internal static bool NextProperty(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType == JsonTokenType.PropertyName;
    }

    /// <summary>Reads the value after a property name, which must be an array of objects (or null, meaning empty).</summary>
    internal static void ForEachObject(ref Utf8JsonReader reader, string what)
    {
        reader.Read();
        if (reader.TokenType is not (JsonTokenType.StartArray or JsonTokenType.Null)) throw Unexpected(ref reader, $"an array for {what}");
    }

    /// <summary>Moves to the next element of the current array (false at its end, or when the array was null).</summary>
    internal static bool NextElement(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null) return false;
        reader.Read();
        if (reader.TokenType == JsonTokenType.EndArray) return false;
        if (reader.TokenType != JsonTokenType.StartObject) throw Unexpected(ref reader, "objects in the array");
        return true;
    }

    internal static void SkipValue(ref Utf8JsonReader reader)
    {
        reader.Read();
        reader.Skip();
    }

    internal static string ReadString(ref Utf8JsonReader reader, string field)
    {
        reader.Read();
        return reader.TokenType switch
        {
            JsonTokenType.String => reader.GetString()!,
            JsonTokenType.Null => string.Empty,
            _ => throw Unexpected(ref reader, $"a string for {field}"),
        };
    }

    internal static bool ReadBool(ref Utf8JsonReader reader, string field)
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
    internal static long ReadInteger(ref Utf8JsonReader reader, string field, long min, long max)
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

        if (value < min || value > max) throw new OtlpDecodeException($"{field} {value} is out of range {min}..{max}");
        return value;
    }

    /// <summary>
    /// A record time (uint64 nanoseconds) as the proto JSON mapping allows it: a number or a decimal string, exponent
    /// notation included when it is a whole number (<c>"1.795e18"</c>). Anything else (negative, fractional, NaN or
    /// Infinity, not a number, past uint64, an object) gives false and the reason: it rejects only the record.
    /// </summary>
    internal static bool TryReadTimestamp(ref Utf8JsonReader reader, string field, out ulong value, [NotNullWhen(false)] out string? fault)
    {
        reader.Read();
        fault = null;
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                value = 0;
                return true;
            case JsonTokenType.Number when reader.TryGetUInt64(out value): return true;
            case JsonTokenType.String when !reader.ValueIsEscaped && Utf8Parser.TryParse(reader.ValueSpan, out value, out var consumed) && consumed == reader.ValueSpan.Length: return true;
            case JsonTokenType.Number: return TryReadTimestampText(Encoding.ASCII.GetString(reader.ValueSpan), field, out value, out fault);
            case JsonTokenType.String: return TryReadTimestampText(reader.GetString()!, field, out value, out fault);
            default:
                var found = reader.TokenType;
                reader.Skip();
                value = 0;
                fault = $"{field} is {Describe(found)} ({TimestampForm})";
                return false;
        }
    }

    private const string TimestampForm = "send unsigned nanoseconds since the Unix epoch as a decimal string or number, e.g. \"1795000000123456789\"";

    private static bool TryReadTimestampText(string text, string field, out ulong value, [NotNullWhen(false)] out string? fault)
    {
        value = 0;
        fault = null;
        const NumberStyles Numeric = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;
        if (decimal.TryParse(text, Numeric, CultureInfo.InvariantCulture, out var number))
        {
            if (number < 0) fault = $"{field} {Quote(text)} is negative ({TimestampForm})";
            else if (number != decimal.Truncate(number)) fault = $"{field} {Quote(text)} is not a whole number of nanoseconds ({TimestampForm})";
            else if (number > ulong.MaxValue) fault = $"{field} {Quote(text)} is past the uint64 range ({TimestampForm})";
            else value = (ulong)number;
        }
        else if (double.TryParse(text, Numeric, CultureInfo.InvariantCulture, out var large) && double.IsFinite(large))
        {
            fault = $"{field} {Quote(text)} is {(large < 0 ? "negative" : "past the uint64 range")} ({TimestampForm})";
        }
        else
        {
            fault = $"{field} {Quote(text)} is not a number ({TimestampForm})";
        }

        return fault is null;
    }

    private static string Quote(string text) => "\"" + Shorten(text) + "\"";

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        _ => token.ToString(),
    };

    internal static double ReadDouble(ref Utf8JsonReader reader, string field)
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

    internal static ByteString ReadBase64(ref Utf8JsonReader reader, string field)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null) return ByteString.Empty;
        if (reader.TokenType == JsonTokenType.String && reader.TryGetBytesFromBase64(out var bytes)) return ByteString.CopyFrom(bytes);
        throw Unexpected(ref reader, $"base64 text for {field}");
    }

    /// <summary>Trace and span ids are hex in OTLP/JSON; the length is checked later so a bad id rejects only its record.</summary>
    internal static ByteString ReadHexId(ref Utf8JsonReader reader, string field)
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

    internal static bool IsHex(string text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiHexDigit(c)) return false;
        }

        return true;
    }

    internal static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "...";

    internal static OtlpDecodeException Unexpected(ref Utf8JsonReader reader, string expected) =>
        new($"not an OTLP/JSON ExportLogsServiceRequest: expected {expected}, found {reader.TokenType}");
}
