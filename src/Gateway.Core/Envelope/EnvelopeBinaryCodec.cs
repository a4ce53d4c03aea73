using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Gateway.Envelope;

/// <summary>
/// A compact binary form of <see cref="EventEnvelope"/> for the persistent queue: every field round-trips exactly
/// (including attribute kinds, nested arrays/maps, bytes and NaN doubles), which JSON cannot promise.
/// The first byte is the format version so a later gateway can still read a queue written by an older one.
/// </summary>
public static class EnvelopeBinaryCodec
{
    /// <summary>Version 1: the layout written by <see cref="Write"/>. Bump it (and keep reading the old one) on any change.</summary>
    public const byte FormatVersion = 1;

    /// <summary>Nesting bound for arrays/maps so a damaged record cannot recurse the reader into a stack overflow.</summary>
    internal const int MaxDepth = 64;

    /// <summary>
    /// The first byte of the held form (<see cref="WriteHeld"/>): never a queue format version, so <see cref="Read"/>
    /// refuses a held record instead of misreading it.
    /// </summary>
    public const byte HeldFormat = 0x81;

    private const byte HasObservedTime = 1, HasContextStart = 2;

    /// <summary>Strings this long or shorter encode to at most 126 UTF-8 bytes, so their length + 1 is one varint byte.</summary>
    private const int ShortString = 42;

    /// <summary>Where <see cref="Write"/> puts the event time and the level: fixed offsets, read by <see cref="PeekTime"/> and <see cref="PeekLevel"/>.</summary>
    private const int TimeOffset = 17, LevelOffset = 33;

    public static void Write(IBufferWriter<byte> writer, EventEnvelope envelope) => Write(writer, envelope, FormatVersion, keys: null);

    /// <summary>
    /// The held form, for events kept in memory by <c>keep_session_on_error</c>: the layout of <see cref="Write"/>,
    /// but the keys <paramref name="keys"/> knows are written as their number, and the parts every envelope of one
    /// resource and scope shares (<see cref="EnvelopeSharedParts"/>) are written as absent: the caller keeps those by
    /// reference and hands them back to <see cref="ReadHeld"/>. Only meaningful with the same key table.
    /// </summary>
    public static void WriteHeld(IBufferWriter<byte> writer, EventEnvelope envelope, EnvelopeKeyTable keys) => Write(writer, envelope, HeldFormat, keys);

    /// <summary>Reads a record written by <see cref="WriteHeld"/> with the same key table and the envelope's shared parts.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a held record.</exception>
    public static EventEnvelope ReadHeld(ReadOnlySpan<byte> data, EnvelopeKeyTable keys, EnvelopeSharedParts shared)
    {
        if (data.IsEmpty || data[0] != HeldFormat) throw new InvalidDataException("held envelope record does not start with the held-form marker");
        var reader = new EnvelopeBinaryReader(data[1..], keys);
        var envelope = reader.ReadEnvelopeV1(shared);
        if (!reader.AtEnd) throw new InvalidDataException("held envelope record has trailing bytes");
        return envelope;
    }

    /// <summary>The event time of a record in either form, without decoding it.</summary>
    public static long PeekTime(ReadOnlySpan<byte> data) => BinaryPrimitives.ReadInt64LittleEndian(data[TimeOffset..]);

    /// <summary>The level of a record in either form, without decoding it.</summary>
    public static EventLevel PeekLevel(ReadOnlySpan<byte> data) => (EventLevel)data[LevelOffset];

    /// <param name="keys">Null for the queue's form; the held form otherwise.</param>
    private static void Write(IBufferWriter<byte> writer, EventEnvelope envelope, byte format, EnvelopeKeyTable? keys)
    {
        var shared = keys is not null;
        var head = writer.GetSpan(1 + 16 + 8 + 8 + 1 + 1);
        head[0] = format;
        BinaryPrimitives.WriteUInt128LittleEndian(head[1..], envelope.Id);
        BinaryPrimitives.WriteInt64LittleEndian(head[17..], envelope.TimeUnixNano);
        BinaryPrimitives.WriteInt64LittleEndian(head[25..], envelope.ObservedTimeUnixNano);
        head[33] = (byte)envelope.Level;
        head[34] = (byte)((envelope.ObservedTimeUnixNano != 0 ? HasObservedTime : 0) | (envelope.ContextStart ? HasContextStart : 0));
        writer.Advance(35);
        WriteVarLong(writer, envelope.SeverityNumber);
        WriteString(writer, envelope.Name);
        WriteString(writer, envelope.SeverityText);
        WriteString(writer, shared ? null : envelope.Service);
        WriteString(writer, shared ? null : envelope.Environment);
        WriteString(writer, shared ? null : envelope.Version);
        WriteString(writer, envelope.SessionId);
        WriteEntity(writer, envelope.Actor, keys);
        WriteEntity(writer, envelope.Scope, keys);
        WriteMap(writer, envelope.Attributes, 0, keys);
        WriteError(writer, envelope.Error);
        WriteSource(writer, envelope.Source);
        WriteString(writer, envelope.Message);
        WriteValue(writer, envelope.Body, 0, keys);
        WriteString(writer, envelope.Title);
        WriteOptionalDouble(writer, envelope.Value);
        WriteMap(writer, envelope.Tags, 0, keys);
        WriteString(writer, envelope.TraceId);
        WriteString(writer, envelope.SpanId);
        WriteMap(writer, shared ? [] : envelope.Resource, 0, keys);
        WriteString(writer, shared ? null : envelope.ScopeName);
        WriteString(writer, shared ? null : envelope.ScopeVersion);
        WriteStrings(writer, envelope.Truncated);
        WriteOptionalDouble(writer, envelope.SampleRate);
        if (envelope.Redaction is { } redaction)
        {
            WriteByte(writer, 1);
            WriteVarLong(writer, redaction.Count);
            WriteStrings(writer, redaction.Keys);
        }
        else
        {
            WriteByte(writer, 0);
        }
    }

    /// <summary>Reads an envelope written by any supported version.</summary>
    /// <exception cref="InvalidDataException">The bytes are not an envelope of a known version (damaged or foreign data).</exception>
    public static EventEnvelope Read(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty) throw new InvalidDataException("envelope record is empty");
        if (data[0] != FormatVersion) throw new InvalidDataException($"envelope format version {data[0]} is not known (this gateway reads version {FormatVersion})");
        var reader = new EnvelopeBinaryReader(data[1..]);
        var envelope = reader.ReadEnvelopeV1();
        if (!reader.AtEnd) throw new InvalidDataException("envelope record has trailing bytes");
        return envelope;
    }

    private static void WriteEntity(IBufferWriter<byte> writer, EntityRef? entity, EnvelopeKeyTable? keys)
    {
        if (entity is null)
        {
            WriteByte(writer, 0);
            return;
        }

        WriteByte(writer, 1);
        WriteString(writer, entity.Type);
        WriteString(writer, entity.Id);
        WriteMap(writer, entity.Tags, 0, keys);
    }

    private static void WriteError(IBufferWriter<byte> writer, ErrorInfo? error)
    {
        if (error is null)
        {
            WriteByte(writer, 0);
            return;
        }

        WriteByte(writer, 1);
        WriteString(writer, error.Name);
        WriteString(writer, error.Message);
        WriteString(writer, error.Code);
        WriteString(writer, error.Stack);
    }

    private static void WriteSource(IBufferWriter<byte> writer, SourceLocation? source)
    {
        if (source is null)
        {
            WriteByte(writer, 0);
            return;
        }

        WriteByte(writer, 1);
        WriteString(writer, source.Causer);
        WriteString(writer, source.File);
        if (source.Line is { } line)
        {
            WriteByte(writer, 1);
            WriteVarLong(writer, line);
        }
        else
        {
            WriteByte(writer, 0);
        }

        WriteString(writer, source.Function);
    }

    private static void WriteMap(IBufferWriter<byte> writer, KeyValue[] entries, int depth, EnvelopeKeyTable? keys)
    {
        WriteVarULong(writer, (ulong)entries.Length);
        foreach (ref readonly var entry in entries.AsSpan())
        {
            if (keys is null) WriteString(writer, entry.Key);
            else WriteKey(writer, entry.Key, keys);
            WriteValue(writer, entry.Value, depth, keys);
        }
    }

    /// <summary>A key of the table as its number + 1, any other as 0 followed by the string.</summary>
    private static void WriteKey(IBufferWriter<byte> writer, string key, EnvelopeKeyTable keys)
    {
        var number = keys.NumberOf(key);
        WriteVarULong(writer, (ulong)(number + 1));
        if (number < 0) WriteString(writer, key);
    }

    private static void WriteValue(IBufferWriter<byte> writer, AttributeValue value, int depth, EnvelopeKeyTable? keys)
    {
        if (depth > MaxDepth) throw new InvalidOperationException($"attribute nesting deeper than {MaxDepth} levels cannot be queued");
        WriteByte(writer, (byte)value.Kind);
        switch (value.Kind)
        {
            case AttributeKind.String: WriteString(writer, value.AsString); break;
            case AttributeKind.Bool: WriteByte(writer, value.AsBool ? (byte)1 : (byte)0); break;
            case AttributeKind.Long: WriteVarLong(writer, value.AsLong); break;
            case AttributeKind.Double: WriteDouble(writer, value.AsDouble); break;
            case AttributeKind.Bytes:
                var bytes = value.AsBytes;
                WriteVarULong(writer, (ulong)bytes.Length);
                writer.Write(bytes);
                break;
            case AttributeKind.Array:
                var items = value.AsArray;
                WriteVarULong(writer, (ulong)items.Length);
                foreach (var item in items) WriteValue(writer, item, depth + 1, keys);
                break;
            case AttributeKind.Map: WriteMap(writer, value.AsMap, depth + 1, keys); break;
        }
    }

    private static void WriteStrings(IBufferWriter<byte> writer, string[]? values)
    {
        // Count + 1 so that null (absent) and an empty array stay distinct.
        if (values is null)
        {
            WriteVarULong(writer, 0);
            return;
        }

        WriteVarULong(writer, (ulong)values.Length + 1);
        foreach (var value in values) WriteString(writer, value);
    }

    /// <summary>Length + 1 as a varint, then UTF-8; 0 means null so optional strings need no separate flag.</summary>
    private static void WriteString(IBufferWriter<byte> writer, string? value)
    {
        if (value is null)
        {
            WriteVarULong(writer, 0);
            return;
        }

        if (value.Length <= ShortString)
        {
            // Most strings: encoded in one pass, their length (at most 3 bytes a char, so one varint byte) put in front.
            var room = writer.GetSpan(1 + value.Length * 3);
            var written = Encoding.UTF8.GetBytes(value, room[1..]);
            room[0] = (byte)(written + 1);
            writer.Advance(1 + written);
            return;
        }

        var length = Encoding.UTF8.GetByteCount(value);
        WriteVarULong(writer, (ulong)length + 1);
        if (length == 0) return;
        var span = writer.GetSpan(length);
        Encoding.UTF8.GetBytes(value, span);
        writer.Advance(length);
    }

    private static void WriteOptionalDouble(IBufferWriter<byte> writer, double? value)
    {
        if (value is { } present)
        {
            WriteByte(writer, 1);
            WriteDouble(writer, present);
        }
        else
        {
            WriteByte(writer, 0);
        }
    }

    private static void WriteDouble(IBufferWriter<byte> writer, double value)
    {
        BinaryPrimitives.WriteDoubleLittleEndian(writer.GetSpan(8), value);
        writer.Advance(8);
    }

    private static void WriteByte(IBufferWriter<byte> writer, byte value)
    {
        writer.GetSpan(1)[0] = value;
        writer.Advance(1);
    }

    /// <summary>Zig-zag so small negative numbers stay short too.</summary>
    private static void WriteVarLong(IBufferWriter<byte> writer, long value) => WriteVarULong(writer, (ulong)((value << 1) ^ (value >> 63)));

    private static void WriteVarULong(IBufferWriter<byte> writer, ulong value)
    {
        var span = writer.GetSpan(10);
        var at = 0;
        while (value >= 0x80)
        {
            span[at++] = (byte)(value | 0x80);
            value >>= 7;
        }

        span[at++] = (byte)value;
        writer.Advance(at);
    }
}
