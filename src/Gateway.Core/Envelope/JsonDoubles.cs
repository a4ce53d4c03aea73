using System.Text.Json;

namespace Gateway.Envelope;

/// <summary>
/// The one rule for a double in the gateway's JSON: finite values are numbers, NaN and the infinities are the strings
/// <c>"NaN"</c>, <c>"Infinity"</c> and <c>"-Infinity"</c>. JSON has no literal for them and <see cref="Utf8JsonWriter"/>
/// throws on them, which would fail the whole document (and the batch around it) over one value. The spelling is the
/// protobuf JSON mapping's, so an envelope written out and sent back over OTLP/JSON reads the same number again, and
/// it equals what <see cref="double.ToString(IFormatProvider)"/> gives in the invariant culture (text renderings agree).
/// </summary>
public static class JsonDoubles
{
    public const string NaN = "NaN";
    public const string PositiveInfinity = "Infinity";
    public const string NegativeInfinity = "-Infinity";

    public static void WriteValue(Utf8JsonWriter writer, double value)
    {
        if (double.IsFinite(value)) writer.WriteNumberValue(value);
        else writer.WriteStringValue(NonFiniteText(value));
    }

    public static void Write(Utf8JsonWriter writer, JsonEncodedText name, double value)
    {
        writer.WritePropertyName(name);
        WriteValue(writer, value);
    }

    /// <summary>The string written for a value that is not finite (NaN, +∞ or −∞).</summary>
    public static string NonFiniteText(double value) => double.IsNaN(value) ? NaN : value > 0 ? PositiveInfinity : NegativeInfinity;
}
