using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using Gateway.Otlp.Proto.Common.V1;
using Gateway.Otlp.Proto.Logs.V1;
using Gateway.Otlp.Proto.Resource.V1;
using Google.Protobuf.Collections;

namespace Gateway.Otlp.Mapping;

/// <summary>
/// Envelope ids from content: XxHash128 over the record's decoded fields plus its resource's and scope's identity,
/// so a record sent twice (a client retry, over any transport or encoding) gets the same id and Elasticsearch/Sentry
/// deduplicate it, while two different records practically never collide. The fields are laid out as tagged,
/// length-prefixed raw values (strings as their UTF-16 code units), which costs a copy instead of re-encoding
/// the record as protobuf. One instance per request; not thread-safe.
/// </summary>
internal sealed class RecordIdHasher
{
    private byte[] _buffer = new byte[1024];
    private int _length;

    public ulong HashOf(Resource? resource)
    {
        if (resource is null) return 0;
        _length = 0;
        WriteAttributes(resource.Attributes);
        WriteInt64(resource.DroppedAttributesCount);
        return XxHash64.HashToUInt64(Written);
    }

    public ulong HashOf(InstrumentationScope? scope)
    {
        if (scope is null) return 0;
        _length = 0;
        WriteString(scope.Name);
        WriteString(scope.Version);
        WriteAttributes(scope.Attributes);
        WriteInt64(scope.DroppedAttributesCount);
        return XxHash64.HashToUInt64(Written);
    }

    public UInt128 IdOf(ulong resourceHash, ulong scopeHash, LogRecord record)
    {
        _length = 0;
        WriteInt64((long)resourceHash);
        WriteInt64((long)scopeHash);
        WriteInt64((long)record.TimeUnixNano);
        WriteInt64((long)record.ObservedTimeUnixNano);
        WriteInt64((long)record.SeverityNumber);
        WriteString(record.SeverityText);
        WriteValue(record.Body);
        WriteAttributes(record.Attributes);
        WriteInt64(record.DroppedAttributesCount);
        WriteInt64(record.Flags);
        WriteBytes(record.TraceId.Span);
        WriteBytes(record.SpanId.Span);
        WriteString(record.EventName);
        return XxHash128.HashToUInt128(Written);
    }

    private ReadOnlySpan<byte> Written => _buffer.AsSpan(0, _length);

    private void WriteAttributes(RepeatedField<KeyValue> attributes)
    {
        WriteInt64(attributes.Count);
        for (var i = 0; i < attributes.Count; i++)
        {
            var attribute = attributes[i];
            WriteString(attribute.Key);
            WriteValue(attribute.Value);
        }
    }

    /// <summary>A type tag first, so an int 1, a bool true and a string "1" never hash alike.</summary>
    private void WriteValue(AnyValue? value)
    {
        if (value is null)
        {
            WriteTag(0);
            return;
        }

        WriteTag((byte)value.ValueCase);
        switch (value.ValueCase)
        {
            case AnyValue.ValueOneofCase.StringValue: WriteString(value.StringValue); break;
            case AnyValue.ValueOneofCase.BoolValue: WriteInt64(value.BoolValue ? 1 : 0); break;
            case AnyValue.ValueOneofCase.IntValue: WriteInt64(value.IntValue); break;
            case AnyValue.ValueOneofCase.DoubleValue: WriteInt64(BitConverter.DoubleToInt64Bits(value.DoubleValue)); break;
            case AnyValue.ValueOneofCase.BytesValue: WriteBytes(value.BytesValue.Span); break;
            case AnyValue.ValueOneofCase.ArrayValue:
                var items = value.ArrayValue.Values;
                WriteInt64(items.Count);
                for (var i = 0; i < items.Count; i++) WriteValue(items[i]);
                break;
            case AnyValue.ValueOneofCase.KvlistValue: WriteAttributes(value.KvlistValue.Values); break;
        }
    }

    private void WriteTag(byte tag)
    {
        Reserve(1);
        _buffer[_length++] = tag;
    }

    private void WriteInt64(long value)
    {
        Reserve(8);
        BinaryPrimitives.WriteInt64LittleEndian(_buffer.AsSpan(_length), value);
        _length += 8;
    }

    private void WriteString(string value) => WriteBytes(MemoryMarshal.AsBytes(value.AsSpan()));

    private void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        WriteInt64(bytes.Length);
        Reserve(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_length));
        _length += bytes.Length;
    }

    private void Reserve(int count)
    {
        if (_length + count > _buffer.Length) Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + count));
    }
}
