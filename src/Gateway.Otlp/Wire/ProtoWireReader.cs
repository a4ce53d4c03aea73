using System.Buffers.Binary;

namespace Gateway.Otlp.Wire;

/// <summary>
/// A forward-only reader of protobuf wire format over one message's bytes. It accepts what Google.Protobuf accepts
/// (unknown fields and groups are skipped, a known field with another wire type counts as unknown) and throws
/// <see cref="OtlpWireException"/> where Google.Protobuf would throw (truncation, bad tags, over-long varints).
/// </summary>
internal ref struct ProtoWireReader
{
    public const int Varint = 0;
    public const int Fixed64 = 1;
    public const int LengthDelimited = 2;
    public const int StartGroup = 3;
    public const int EndGroup = 4;
    public const int Fixed32 = 5;

    private readonly ReadOnlyMemory<byte> _memory;
    private readonly ReadOnlySpan<byte> _span;
    private int _position;

    public ProtoWireReader(ReadOnlyMemory<byte> memory)
    {
        _memory = memory;
        _span = memory.Span;
        _position = 0;
    }

    /// <summary>A reader over bytes alone: <see cref="ReadLengthDelimited"/> is not available, <see cref="ReadSpan"/> is.</summary>
    public ProtoWireReader(ReadOnlySpan<byte> span)
    {
        _memory = default;
        _span = span;
        _position = 0;
    }

    /// <summary>Reads the next tag; false at the end of the message.</summary>
    public bool TryReadTag(out int field, out int wireType)
    {
        if (_position >= _span.Length)
        {
            field = 0;
            wireType = 0;
            return false;
        }

        // Nearly every tag (fields 1-15) is one byte.
        ulong tag = _span[_position];
        if (tag < 0x80) _position++;
        else tag = ReadVarint();
        if (tag > uint.MaxValue) throw new OtlpWireException($"invalid tag at byte {_position}");
        field = (int)((uint)tag >> 3);
        wireType = (int)(tag & 7);
        if (field == 0) throw new OtlpWireException($"invalid tag 0 at byte {_position}");
        if (wireType > Fixed32) throw new OtlpWireException($"invalid wire type {wireType} at byte {_position}");
        return true;
    }

    public ulong ReadVarint()
    {
        // One byte (small lengths, severities, booleans) is the common case; the loop handles the rest.
        if ((uint)_position < (uint)_span.Length && _span[_position] < 0x80) return _span[_position++];
        return ReadLongVarint();
    }

    private ulong ReadLongVarint()
    {
        ulong result = 0;
        for (var shift = 0; shift < 70; shift += 7)
        {
            if (_position >= _span.Length) throw Truncated();
            var b = _span[_position++];
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return result;
        }

        throw new OtlpWireException($"malformed varint (more than 10 bytes) before byte {_position}");
    }

    public ulong ReadFixed64()
    {
        if (_span.Length - _position < 8) throw Truncated();
        var value = BinaryPrimitives.ReadUInt64LittleEndian(_span[_position..]);
        _position += 8;
        return value;
    }

    public uint ReadFixed32()
    {
        if (_span.Length - _position < 4) throw Truncated();
        var value = BinaryPrimitives.ReadUInt32LittleEndian(_span[_position..]);
        _position += 4;
        return value;
    }

    /// <summary>A length-delimited field's bytes, as a slice of the message's memory (nothing is copied).</summary>
    public ReadOnlyMemory<byte> ReadLengthDelimited()
    {
        var length = ReadVarint();
        if (length > (ulong)(_span.Length - _position)) throw Truncated();
        var slice = _memory.Slice(_position, (int)length);
        _position += (int)length;
        return slice;
    }

    /// <summary>A length-delimited field's bytes as a span (for readers that keep nothing of the message).</summary>
    public ReadOnlySpan<byte> ReadSpan()
    {
        var length = ReadVarint();
        if (length > (ulong)(_span.Length - _position)) throw Truncated();
        var slice = _span.Slice(_position, (int)length);
        _position += (int)length;
        return slice;
    }

    /// <summary>Skips a field's value, as Google.Protobuf does for fields it does not know.</summary>
    public void Skip(int field, int wireType)
    {
        switch (wireType)
        {
            case Varint: ReadVarint(); break;
            case Fixed64: ReadFixed64(); break;
            case LengthDelimited: ReadSpan(); break;
            case Fixed32: ReadFixed32(); break;
            case StartGroup: SkipGroup(field); break;
            default: throw new OtlpWireException($"unexpected end-group tag for field {field} at byte {_position}");
        }
    }

    private void SkipGroup(int startField)
    {
        while (true)
        {
            if (!TryReadTag(out var field, out var wireType)) throw Truncated();
            if (wireType == EndGroup)
            {
                if (field != startField) throw new OtlpWireException($"end-group tag for field {field} does not close group {startField}");
                return;
            }

            Skip(field, wireType);
        }
    }

    private readonly OtlpWireException Truncated() =>
        new("the message was truncated (a field runs past the end of its message), or a length is wrong");
}
