using Gateway.Envelope;
using Gateway.Otlp.Mapping;
using Gateway.Otlp.Proto.Common.V1;
using Gateway.Otlp.Proto.Logs.V1;

namespace Gateway.Otlp.Events;

/// <summary>
/// Severity as the shapes that have one send it, as an OTLP severity number and text, so the envelope's level follows
/// the OTLP rule. A value the shape does not define is taken as info, kept as an attribute under its field's name and
/// reported as a warning in the answer: the event is accepted, the sender learns its level was not understood.
/// </summary>
internal static class EventSeverity
{
    /// <summary>Igniter's <c>level</c>: debug, info, warn, error, fatal (and the usual spellings: trace, warning, critical ...), case-insensitive.</summary>
    public static void Level(AnyValue value, EventRecordBuilder builder)
    {
        if (JsonAnyValue.IsNull(value)) return;
        if (value.ValueCase == AnyValue.ValueOneofCase.StringValue && SeverityMapper.TryFromText(value.StringValue.AsSpan().Trim(), out var level))
        {
            builder.Severity = NumberOf(level);
            builder.SeverityText = value.StringValue;
            return;
        }

        TakenAsInfo(value, "level", EventLevelNames.Expected, builder);
    }

    /// <summary>Dash0's <c>severity</c>: the SDK's LOG_SEVERITY_TEXT names with their OTLP numbers, case-sensitive as the SDK documents them.</summary>
    public static void Dash0(AnyValue value, EventRecordBuilder builder)
    {
        if (JsonAnyValue.IsNull(value)) return;
        SeverityNumber? number = value.ValueCase == AnyValue.ValueOneofCase.StringValue ? value.StringValue switch
        {
            "UNSPECIFIED" => SeverityNumber.Unspecified,
            "TRACE" => SeverityNumber.Trace,
            "DEBUG" => SeverityNumber.Debug,
            "INFO" => SeverityNumber.Info,
            "WARN" => SeverityNumber.Warn,
            "ERROR" => SeverityNumber.Error,
            "FATAL" => SeverityNumber.Fatal,
            _ => null,
        } : null;
        if (number is { } known)
        {
            builder.Severity = known;
            builder.SeverityText = value.StringValue;
            return;
        }

        TakenAsInfo(value, "severity", "one of UNSPECIFIED, TRACE, DEBUG, INFO, WARN, ERROR, FATAL (upper case, as the Dash0 SDK spells them)", builder);
    }

    /// <summary>The OTLP number of a level: the first of its range (DEBUG 5, INFO 9, WARN 13, ERROR 17, FATAL 21).</summary>
    public static SeverityNumber NumberOf(EventLevel level) => level switch
    {
        EventLevel.Debug => SeverityNumber.Debug,
        EventLevel.Warn => SeverityNumber.Warn,
        EventLevel.Error => SeverityNumber.Error,
        EventLevel.Fatal => SeverityNumber.Fatal,
        _ => SeverityNumber.Info,
    };

    private static void TakenAsInfo(AnyValue value, string field, string expected, EventRecordBuilder builder)
    {
        builder.Severity = SeverityNumber.Info;
        builder.SeverityText = null;
        builder.Attribute(field, value);
        var sent = value.ValueCase == AnyValue.ValueOneofCase.StringValue ? $"\"{value.StringValue}\"" : Describe(value);
        builder.Warnings.Add($"{field} {sent} is not {expected}; the event was taken as info and the value kept as the attribute {field}");
    }

    private static string Describe(AnyValue value) => value.ValueCase switch
    {
        AnyValue.ValueOneofCase.KvlistValue => "an object",
        AnyValue.ValueOneofCase.ArrayValue => "an array",
        AnyValue.ValueOneofCase.BoolValue => "a boolean",
        _ => JsonAnyValue.Text(value) ?? "a value",
    };
}
