using Gateway.Configuration;
using Gateway.Envelope;
using Gateway.Otlp.Proto.Common.V1;
using EnvelopeKeyValue = Gateway.Envelope.KeyValue;

namespace Gateway.Otlp.Mapping;

/// <summary>
/// Converts OTLP values to envelope values within the <c>envelope:</c> bounds. Whatever is cut (long strings, deep
/// nesting, oversized arrays and maps) is marked: the top-level key goes to <c>truncated</c> and a too-deep value
/// is replaced by a marker string, so a reader always knows the value is not what was sent.
/// </summary>
internal sealed class AttributeBounds(EnvelopeOptions options)
{
    public const string DepthMarker = "[truncated: nested too deep]";

    public int MaxAttributes => options.MaxAttributes;

    public AttributeValue Convert(AnyValue? value, string key, ref List<string>? truncated) => Convert(value, key, 1, ref truncated);

    private AttributeValue Convert(AnyValue? value, string key, int depth, ref List<string>? truncated)
    {
        if (value is null) return AttributeValue.Empty;
        switch (value.ValueCase)
        {
            case AnyValue.ValueOneofCase.StringValue:
                var text = value.StringValue;
                if (text.Length <= options.MaxAttributeValueLength) return AttributeValue.FromString(text);
                Mark(ref truncated, key);
                return AttributeValue.FromString(text[..options.MaxAttributeValueLength]);
            case AnyValue.ValueOneofCase.BoolValue: return AttributeValue.FromBool(value.BoolValue);
            case AnyValue.ValueOneofCase.IntValue: return AttributeValue.FromLong(value.IntValue);
            case AnyValue.ValueOneofCase.DoubleValue: return AttributeValue.FromDouble(value.DoubleValue);
            case AnyValue.ValueOneofCase.BytesValue:
                var bytes = value.BytesValue.Span;
                if (bytes.Length <= options.MaxAttributeValueLength) return AttributeValue.FromBytes(bytes.ToArray());
                Mark(ref truncated, key);
                return AttributeValue.FromBytes(bytes[..options.MaxAttributeValueLength].ToArray());
            case AnyValue.ValueOneofCase.ArrayValue:
                if (depth > options.MaxAttributeDepth) return DepthExceeded(key, ref truncated);
                return ConvertArray(value.ArrayValue.Values, key, depth, ref truncated);
            case AnyValue.ValueOneofCase.KvlistValue:
                if (depth > options.MaxAttributeDepth) return DepthExceeded(key, ref truncated);
                return AttributeValue.FromMap(ConvertMap(value.KvlistValue.Values, key, depth, ref truncated));
            default:
                return AttributeValue.Empty;
        }
    }

    private AttributeValue ConvertArray(Google.Protobuf.Collections.RepeatedField<AnyValue> values, string key, int depth, ref List<string>? truncated)
    {
        var count = Math.Min(values.Count, options.MaxAttributes);
        if (count < values.Count) Mark(ref truncated, key);
        var items = new AttributeValue[count];
        for (var i = 0; i < count; i++) items[i] = Convert(values[i], key, depth + 1, ref truncated);
        return AttributeValue.FromArray(items);
    }

    private EnvelopeKeyValue[] ConvertMap(Google.Protobuf.Collections.RepeatedField<Proto.Common.V1.KeyValue> values, string key, int depth, ref List<string>? truncated)
    {
        var count = Math.Min(values.Count, options.MaxAttributes);
        if (count < values.Count) Mark(ref truncated, key);
        var entries = new EnvelopeKeyValue[count];
        for (var i = 0; i < count; i++) entries[i] = new EnvelopeKeyValue(values[i].Key, Convert(values[i].Value, key, depth + 1, ref truncated));
        return entries;
    }

    private static AttributeValue DepthExceeded(string key, ref List<string>? truncated)
    {
        Mark(ref truncated, key);
        return AttributeValue.FromString(DepthMarker);
    }

    public static void Mark(ref List<string>? truncated, string key)
    {
        truncated ??= new List<string>(2);
        if (!truncated.Contains(key)) truncated.Add(key);
    }
}
