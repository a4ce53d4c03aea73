using Gateway.Otlp.Proto.Common.V1;
using Gateway.Otlp.Proto.Logs.V1;
using Google.Protobuf;

namespace Gateway.Otlp.Wire;

/// <summary>
/// One LogRecord (with its KeyValue and AnyValue objects) refilled from the wire for every record of a request,
/// so decoding allocates only the strings the envelope keeps. The mapper reads it before the next record is
/// decoded and keeps none of its objects; trace and span ids wrap the request's bytes without copying them.
/// </summary>
internal sealed class ReusableLogRecord
{
    private readonly List<KeyValue> _pairs = [];
    private readonly List<AnyValue> _values = [];
    private readonly AnyValue _body = new();

    public LogRecord Record { get; } = new();

    /// <summary>Fills <see cref="Record"/> from one LogRecord message's bytes.</summary>
    public void Decode(ReadOnlyMemory<byte> message)
    {
        var record = Record;
        record.TimeUnixNano = 0;
        record.ObservedTimeUnixNano = 0;
        record.SeverityNumber = SeverityNumber.Unspecified;
        record.SeverityText = string.Empty;
        record.Body = null;
        record.Attributes.Clear();
        record.DroppedAttributesCount = 0;
        record.Flags = 0;
        record.TraceId = ByteString.Empty;
        record.SpanId = ByteString.Empty;
        record.EventName = string.Empty;

        var reader = new ProtoWireReader(message);
        while (reader.TryReadTag(out var field, out var wireType))
        {
            switch ((field, wireType))
            {
                case (1, ProtoWireReader.Fixed64): record.TimeUnixNano = reader.ReadFixed64(); break;
                case (11, ProtoWireReader.Fixed64): record.ObservedTimeUnixNano = reader.ReadFixed64(); break;
                case (2, ProtoWireReader.Varint): record.SeverityNumber = (SeverityNumber)(int)reader.ReadVarint(); break;
                case (3, ProtoWireReader.LengthDelimited): record.SeverityText = ProtoStrings.Decode(reader.ReadLengthDelimited().Span, "severity_text"); break;
                case (5, ProtoWireReader.LengthDelimited):
                    // A repeated singular message merges into the one already read, as protobuf specifies.
                    if (record.Body is null)
                    {
                        _body.ClearValue();
                        record.Body = _body;
                    }

                    MergeValue(record.Body, reader.ReadLengthDelimited(), attributeKey: null);
                    break;
                case (6, ProtoWireReader.LengthDelimited): record.Attributes.Add(DecodePair(record.Attributes.Count, reader.ReadLengthDelimited())); break;
                case (7, ProtoWireReader.Varint): record.DroppedAttributesCount = (uint)reader.ReadVarint(); break;
                case (8, ProtoWireReader.Fixed32): record.Flags = reader.ReadFixed32(); break;
                case (9, ProtoWireReader.LengthDelimited): record.TraceId = UnsafeByteOperations.UnsafeWrap(reader.ReadLengthDelimited()); break;
                case (10, ProtoWireReader.LengthDelimited): record.SpanId = UnsafeByteOperations.UnsafeWrap(reader.ReadLengthDelimited()); break;
                case (12, ProtoWireReader.LengthDelimited): record.EventName = ProtoStrings.Decode(reader.ReadLengthDelimited().Span, "event_name"); break;
                default: reader.Skip(field, wireType); break;
            }
        }
    }

    private KeyValue DecodePair(int index, ReadOnlyMemory<byte> message)
    {
        if (index == _pairs.Count)
        {
            _pairs.Add(new KeyValue());
            _values.Add(new AnyValue());
        }

        var pair = _pairs[index];
        var value = _values[index];
        value.ClearValue();
        pair.Key = string.Empty;
        pair.Value = null;
        var reader = new ProtoWireReader(message);
        while (reader.TryReadTag(out var field, out var wireType))
        {
            switch ((field, wireType))
            {
                case (1, ProtoWireReader.LengthDelimited): pair.Key = KeyStringCache.Get(reader.ReadLengthDelimited().Span); break;
                case (2, ProtoWireReader.LengthDelimited):
                    pair.Value = value;
                    MergeValue(value, reader.ReadLengthDelimited(), pair.Key);
                    break;
                default: reader.Skip(field, wireType); break;
            }
        }

        return pair;
    }

    /// <summary>
    /// Merges an AnyValue message: the scalar cases (string, bool, int, double: nearly every attribute) are read
    /// here, last field winning as in protobuf. Arrays, maps and bytes, and a value that already holds something
    /// (the field repeated), go to Google.Protobuf whole, so merge semantics stay exactly protobuf's.
    /// </summary>
    /// <param name="attributeKey">The attribute's key (null for the body), to name the value in a refusal.</param>
    private static void MergeValue(AnyValue value, ReadOnlyMemory<byte> message, string? attributeKey)
    {
        if (value.ValueCase != AnyValue.ValueOneofCase.None)
        {
            value.MergeFrom(message.Span);
            return;
        }

        var reader = new ProtoWireReader(message);
        while (reader.TryReadTag(out var field, out var wireType))
        {
            switch ((field, wireType))
            {
                case (1, ProtoWireReader.LengthDelimited):
                    value.StringValue = ProtoStrings.TryDecode(reader.ReadLengthDelimited().Span, out var text) ? text
                        : throw ProtoStrings.Invalid(ValueField(attributeKey));
                    break;
                case (2, ProtoWireReader.Varint): value.BoolValue = reader.ReadVarint() != 0; break;
                case (3, ProtoWireReader.Varint): value.IntValue = (long)reader.ReadVarint(); break;
                case (4, ProtoWireReader.Fixed64): value.DoubleValue = BitConverter.UInt64BitsToDouble(reader.ReadFixed64()); break;
                case (5 or 6 or 7, ProtoWireReader.LengthDelimited):
                    value.ClearValue();
                    value.MergeFrom(message.Span);
                    return;
                default: reader.Skip(field, wireType); break;
            }
        }
    }

    private static string ValueField(string? attributeKey) => attributeKey switch
    {
        null => "body.string_value",
        "" => "the string_value of an attribute",
        { Length: > 64 } => $"the string_value of attribute '{attributeKey[..64]}...'",
        _ => $"the string_value of attribute '{attributeKey}'",
    };
}
