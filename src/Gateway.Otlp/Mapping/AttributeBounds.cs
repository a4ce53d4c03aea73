using Gateway.Configuration;
using Gateway.Envelope;
using Gateway.Otlp.Proto.Common.V1;
using EnvelopeKeyValue = Gateway.Envelope.KeyValue;

namespace Gateway.Otlp.Mapping;

/// <summary>
/// Converts OTLP values to envelope values within the <c>envelope:</c> bounds. Whatever is cut (long strings, deep
/// nesting, oversized arrays and maps) is reported through <c>cut</c>, so the caller lists the top-level key in
/// <c>truncated</c> once however many parts of the value were cut; a too-deep value is replaced by a marker string,
/// so a reader always knows the value is not what was sent.
/// </summary>
internal sealed class AttributeBounds(EnvelopeOptions options)
{
    public const string DepthMarker = "[truncated: nested too deep]";

    public int MaxAttributes => options.MaxAttributes;

    /// <summary>The value within the bounds; when anything was cut, <paramref name="key"/> is marked once.</summary>
    public AttributeValue Convert(AnyValue? value, string key, TruncationMarks marks)
    {
        var cut = false;
        var converted = Convert(value, 1, ref cut);
        if (cut) marks.Mark(key);
        return converted;
    }

    /// <summary>The value within the bounds; <paramref name="cut"/> becomes true when anything was cut.</summary>
    public AttributeValue Convert(AnyValue? value, ref bool cut) => Convert(value, 1, ref cut);

    private AttributeValue Convert(AnyValue? value, int depth, ref bool cut)
    {
        if (value is null) return AttributeValue.Empty;
        switch (value.ValueCase)
        {
            case AnyValue.ValueOneofCase.StringValue:
                var text = value.StringValue;
                if (text.Length <= options.MaxAttributeValueLength) return AttributeValue.FromString(text);
                cut = true;
                return AttributeValue.FromString(text[..options.MaxAttributeValueLength]);
            case AnyValue.ValueOneofCase.BoolValue: return AttributeValue.FromBool(value.BoolValue);
            case AnyValue.ValueOneofCase.IntValue: return AttributeValue.FromLong(value.IntValue);
            case AnyValue.ValueOneofCase.DoubleValue: return AttributeValue.FromDouble(value.DoubleValue);
            case AnyValue.ValueOneofCase.BytesValue:
                var bytes = value.BytesValue.Span;
                if (bytes.Length <= options.MaxAttributeValueLength) return AttributeValue.FromBytes(bytes.ToArray());
                cut = true;
                return AttributeValue.FromBytes(bytes[..options.MaxAttributeValueLength].ToArray());
            case AnyValue.ValueOneofCase.ArrayValue:
                if (depth > options.MaxAttributeDepth) return DepthExceeded(ref cut);
                return ConvertArray(value.ArrayValue.Values, depth, ref cut);
            case AnyValue.ValueOneofCase.KvlistValue:
                if (depth > options.MaxAttributeDepth) return DepthExceeded(ref cut);
                return AttributeValue.FromMap(ConvertMap(value.KvlistValue.Values, depth, ref cut));
            default:
                return AttributeValue.Empty;
        }
    }

    private AttributeValue ConvertArray(Google.Protobuf.Collections.RepeatedField<AnyValue> values, int depth, ref bool cut)
    {
        var count = Math.Min(values.Count, options.MaxAttributes);
        if (count < values.Count) cut = true;
        var items = new AttributeValue[count];
        for (var i = 0; i < count; i++) items[i] = Convert(values[i], depth + 1, ref cut);
        return AttributeValue.FromArray(items);
    }

    private EnvelopeKeyValue[] ConvertMap(Google.Protobuf.Collections.RepeatedField<Proto.Common.V1.KeyValue> values, int depth, ref bool cut)
    {
        var count = Math.Min(values.Count, options.MaxAttributes);
        if (count < values.Count) cut = true;
        var entries = new EnvelopeKeyValue[count];
        for (var i = 0; i < count; i++) entries[i] = new EnvelopeKeyValue(values[i].Key, Convert(values[i].Value, depth + 1, ref cut));
        return entries;
    }

    private static AttributeValue DepthExceeded(ref bool cut)
    {
        cut = true;
        return AttributeValue.FromString(DepthMarker);
    }
}
