using Gateway.Otlp.Proto.Common.V1;

namespace Gateway.Otlp.Mapping;

/// <summary>
/// The envelope fields OTLP has no place for, carried as attributes by the <c>otlp</c> exporters so that a gateway
/// behind a gateway makes the same envelope: the id (<c>log.record.uid</c>, the semantic convention for a record's
/// unique id) keeps Elasticsearch and Sentry deduplicating across both, and what the first gateway cut, sampled or
/// redacted stays visible. The receiver takes each only when it is well-formed, so an application's own
/// <c>log.record.uid</c> (a ULID, say) stays an attribute where it was.
/// </summary>
public static class ForwardedKeys
{
    /// <summary>The envelope id as 32 lower-case hex characters.</summary>
    public const string RecordUid = "log.record.uid";

    /// <summary>The envelope's <c>truncated</c> list, an array of strings.</summary>
    public const string Truncated = "gateway.truncated";

    /// <summary>The keep-rate sampling applied (a double).</summary>
    public const string SampleRate = "gateway.sample_rate";

    /// <summary>How many values redaction replaced (an integer).</summary>
    public const string RedactionCount = "gateway.redaction.count";

    /// <summary>Which keys redaction touched, an array of strings.</summary>
    public const string RedactionKeys = "gateway.redaction.keys";

    /// <summary>Whether <paramref name="value"/> has the shape the forwarding exporter writes for <paramref name="key"/>.</summary>
    internal static bool IsWellFormed(RecognizedKey key, AnyValue? value) => key switch
    {
        RecognizedKey.RecordUid => value?.ValueCase == AnyValue.ValueOneofCase.StringValue && IsHex128(value.StringValue),
        RecognizedKey.ForwardedTruncated or RecognizedKey.ForwardedRedactionKeys => value?.ValueCase == AnyValue.ValueOneofCase.ArrayValue && AllStrings(value.ArrayValue),
        RecognizedKey.ForwardedSampleRate => value?.ValueCase == AnyValue.ValueOneofCase.DoubleValue && value.DoubleValue is > 0 and <= 1,
        RecognizedKey.ForwardedRedactionCount => value?.ValueCase == AnyValue.ValueOneofCase.IntValue && value.IntValue is >= 0 and <= int.MaxValue,
        _ => true,
    };

    internal static bool IsForwarded(RecognizedKey key) => key >= RecognizedKey.RecordUid;

    internal static UInt128 ParseId(string hex) => UInt128.Parse(hex, System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture);

    internal static string[] Strings(AnyValue value)
    {
        var values = value.ArrayValue.Values;
        var strings = new string[values.Count];
        for (var i = 0; i < strings.Length; i++) strings[i] = values[i].StringValue;
        return strings;
    }

    private static bool IsHex128(string text)
    {
        if (text.Length != 32) return false;
        foreach (var c in text)
        {
            if (!char.IsAsciiHexDigitLower(c) && !char.IsAsciiDigit(c)) return false;
        }

        return true;
    }

    private static bool AllStrings(ArrayValue array)
    {
        foreach (var item in array.Values)
        {
            if (item.ValueCase != AnyValue.ValueOneofCase.StringValue) return false;
        }

        return true;
    }
}
