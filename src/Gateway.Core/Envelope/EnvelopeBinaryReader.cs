using System.Buffers.Binary;
using System.Text;

namespace Gateway.Envelope;

/// <summary>
/// Reads the layout written by <see cref="EnvelopeBinaryCodec"/>. Every length is checked against what is left,
/// so damaged bytes end in an <see cref="InvalidDataException"/>, never an out-of-range read or a huge allocation.
/// </summary>
internal ref struct EnvelopeBinaryReader
{
    private readonly ReadOnlySpan<byte> _data;

    /// <summary>Null for the queue's form; for the held form, the table its keys are numbered in.</summary>
    private readonly EnvelopeKeyTable? _keys;
    private int _at;

    public EnvelopeBinaryReader(ReadOnlySpan<byte> data, EnvelopeKeyTable? keys = null)
    {
        _data = data;
        _keys = keys;
        _at = 0;
    }

    public readonly bool AtEnd => _at == _data.Length;

    /// <param name="shared">For the held form: the parts written as absent, put back from here.</param>
    public EventEnvelope ReadEnvelopeV1(EnvelopeSharedParts? shared = null)
    {
        var head = Take(16 + 8 + 8 + 1 + 1);
        var id = BinaryPrimitives.ReadUInt128LittleEndian(head);
        var time = BinaryPrimitives.ReadInt64LittleEndian(head[16..]);
        var observed = BinaryPrimitives.ReadInt64LittleEndian(head[24..]);
        var level = (EventLevel)head[32];
        if (level is < EventLevel.Debug or > EventLevel.Fatal) throw Invalid($"level {head[32]} is out of range");
        var flags = head[33];
        var severityNumber = ReadInt();
        var envelope = new EventEnvelope
        {
            Id = id,
            TimeUnixNano = time,
            ObservedTimeUnixNano = (flags & 1) != 0 ? observed : 0,
            Level = level,
            ContextStart = (flags & 2) != 0,
            SeverityNumber = severityNumber,
            Name = ReadRequiredString(),
            SeverityText = ReadString(),
            Service = shared is null ? ReadRequiredString() : ReadShared(shared.Service),
            Environment = shared is null ? ReadString() : ReadShared(shared.Environment),
            Version = shared is null ? ReadString() : ReadShared(shared.Version),
            SessionId = ReadString(),
            Actor = ReadEntity(),
            Scope = ReadEntity(),
            Attributes = ReadMap(0),
            Error = ReadError(),
            Source = ReadSource(),
            Message = ReadString(),
            Body = ReadValue(0),
            Title = ReadString(),
            Value = ReadOptionalDouble(),
            Tags = ReadMap(0),
            TraceId = ReadString(),
            SpanId = ReadString(),
            Resource = shared is null ? ReadMap(0) : ReadShared(shared.Resource),
            ScopeName = shared is null ? ReadString() : ReadShared(shared.ScopeName),
            ScopeVersion = shared is null ? ReadString() : ReadShared(shared.ScopeVersion),
            Truncated = ReadStrings(),
            SampleRate = ReadOptionalDouble(),
        };
        if (ReadFlag()) envelope.Redaction = new RedactionSummary { Count = ReadInt(), Keys = ReadStrings() ?? [] };
        return envelope;
    }

    private EntityRef? ReadEntity()
    {
        if (!ReadFlag()) return null;
        return new EntityRef { Type = ReadRequiredString(), Id = ReadString(), Tags = ReadMap(0) };
    }

    private ErrorInfo? ReadError()
    {
        if (!ReadFlag()) return null;
        return new ErrorInfo { Name = ReadString(), Message = ReadString(), Code = ReadString(), Stack = ReadString() };
    }

    private SourceLocation? ReadSource()
    {
        if (!ReadFlag()) return null;
        var causer = ReadString();
        var file = ReadString();
        long? line = ReadFlag() ? ReadVarLong() : null;
        return new SourceLocation { Causer = causer, File = file, Line = line, Function = ReadString() };
    }

    private KeyValue[] ReadMap(int depth)
    {
        // Each entry needs at least two bytes (key length, value kind): a count beyond that is damage, not data.
        var count = ReadCount(minimumBytesEach: 2);
        if (count == 0) return [];
        var entries = new KeyValue[count];
        for (var i = 0; i < count; i++)
        {
            var key = _keys is null ? ReadRequiredString() : ReadKey(_keys);
            entries[i] = new KeyValue(key, ReadValue(depth));
        }

        return entries;
    }

    private string ReadKey(EnvelopeKeyTable keys)
    {
        var numberPlusOne = ReadVarULong();
        if (numberPlusOne == 0) return ReadRequiredString();
        return keys.KeyAt(numberPlusOne - 1) ?? throw Invalid($"key number {numberPlusOne - 1} is not in the key table");
    }

    /// <summary>The held form writes a shared part as absent: a null string or an empty map, both one 0 byte.</summary>
    private T ReadShared<T>(T value) => ReadVarULong() == 0 ? value : throw Invalid("a shared part is written out in a held record");

    private AttributeValue ReadValue(int depth)
    {
        if (depth > EnvelopeBinaryCodec.MaxDepth) throw Invalid($"attributes nest deeper than {EnvelopeBinaryCodec.MaxDepth} levels");
        var kind = (AttributeKind)ReadByte();
        switch (kind)
        {
            case AttributeKind.Empty: return AttributeValue.Empty;
            case AttributeKind.String: return AttributeValue.FromString(ReadRequiredString());
            case AttributeKind.Bool: return AttributeValue.FromBool(ReadFlag());
            case AttributeKind.Long: return AttributeValue.FromLong(ReadVarLong());
            case AttributeKind.Double: return AttributeValue.FromDouble(BinaryPrimitives.ReadDoubleLittleEndian(Take(8)));
            case AttributeKind.Bytes: return AttributeValue.FromBytes(Take(ReadCount(minimumBytesEach: 1)).ToArray());
            case AttributeKind.Array:
                var items = new AttributeValue[ReadCount(minimumBytesEach: 1)];
                for (var i = 0; i < items.Length; i++) items[i] = ReadValue(depth + 1);
                return AttributeValue.FromArray(items);
            case AttributeKind.Map: return AttributeValue.FromMap(ReadMap(depth + 1));
            default: throw Invalid($"attribute kind {(byte)kind} is not known");
        }
    }

    private string[]? ReadStrings()
    {
        var countPlusOne = ReadVarULong();
        if (countPlusOne == 0) return null;
        var count = CheckedCount(countPlusOne - 1, minimumBytesEach: 1);
        var values = new string[count];
        for (var i = 0; i < count; i++) values[i] = ReadRequiredString();
        return values;
    }

    private string ReadRequiredString() => ReadString() ?? throw Invalid("a required string is missing");

    private string? ReadString()
    {
        var lengthPlusOne = ReadVarULong();
        if (lengthPlusOne == 0) return null;
        var length = CheckedCount(lengthPlusOne - 1, minimumBytesEach: 1);
        return length == 0 ? string.Empty : Encoding.UTF8.GetString(Take(length));
    }

    private double? ReadOptionalDouble() => ReadFlag() ? BinaryPrimitives.ReadDoubleLittleEndian(Take(8)) : null;

    private bool ReadFlag() => ReadByte() switch
    {
        0 => false,
        1 => true,
        var other => throw Invalid($"flag byte {other} is neither 0 nor 1"),
    };

    private byte ReadByte() => Take(1)[0];

    private long ReadVarLong()
    {
        var raw = ReadVarULong();
        return (long)(raw >> 1) ^ -(long)(raw & 1);
    }

    private int ReadInt()
    {
        var value = ReadVarLong();
        return value is >= int.MinValue and <= int.MaxValue ? (int)value : throw Invalid($"{value} does not fit a 32-bit field");
    }

    private ulong ReadVarULong()
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = ReadByte();
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return value;
        }

        throw Invalid("a variable-length number is longer than 10 bytes");
    }

    private int ReadCount(int minimumBytesEach) => CheckedCount(ReadVarULong(), minimumBytesEach);

    private readonly int CheckedCount(ulong count, int minimumBytesEach)
    {
        if (count > (ulong)((_data.Length - _at) / minimumBytesEach)) throw Invalid($"a length of {count} is larger than the {_data.Length - _at} bytes left");
        return (int)count;
    }

    private ReadOnlySpan<byte> Take(int length)
    {
        if (length > _data.Length - _at) throw Invalid($"record ends early ({length} bytes needed at offset {_at}, {_data.Length - _at} left)");
        var slice = _data.Slice(_at, length);
        _at += length;
        return slice;
    }

    private static InvalidDataException Invalid(string what) => new($"envelope record is damaged: {what}");
}
