using System.Globalization;
using Gateway.Otlp.Proto.Common.V1;

namespace Gateway.Otlp.Mapping;

/// <summary>Reads a recognized attribute as text or number; senders disagree on types (user.id as int, line as string).</summary>
internal static class AnyValueText
{
    /// <summary>Scalars as invariant text; null for empty, bytes, arrays and maps, which stay attributes.</summary>
    public static string? AsText(AnyValue? value) => value?.ValueCase switch
    {
        AnyValue.ValueOneofCase.StringValue => value.StringValue,
        AnyValue.ValueOneofCase.IntValue => value.IntValue.ToString(CultureInfo.InvariantCulture),
        AnyValue.ValueOneofCase.DoubleValue => value.DoubleValue.ToString("R", CultureInfo.InvariantCulture),
        AnyValue.ValueOneofCase.BoolValue => value.BoolValue ? "true" : "false",
        _ => null,
    };

    public static long? AsLong(AnyValue? value) => value?.ValueCase switch
    {
        AnyValue.ValueOneofCase.IntValue => value.IntValue,
        AnyValue.ValueOneofCase.StringValue when long.TryParse(value.StringValue, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => null,
    };

    /// <summary>Only real numbers: event.value feeds aggregations, a numeric-looking string is left as an attribute.</summary>
    public static double? AsNumber(AnyValue? value) => value?.ValueCase switch
    {
        AnyValue.ValueOneofCase.IntValue => value.IntValue,
        AnyValue.ValueOneofCase.DoubleValue => value.DoubleValue,
        _ => null,
    };

    public static bool? AsBool(AnyValue? value) => value?.ValueCase switch
    {
        AnyValue.ValueOneofCase.BoolValue => value.BoolValue,
        AnyValue.ValueOneofCase.StringValue when bool.TryParse(value.StringValue, out var parsed) => parsed,
        _ => null,
    };
}
