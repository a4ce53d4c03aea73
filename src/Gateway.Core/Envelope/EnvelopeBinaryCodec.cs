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

    private const byte HasObservedTime = 1, HasContextStart = 2;

    public static void Write(IBufferWriter<byte> writer, EventEnvelope envelope)
    {
        var head = writer.GetSpan(1 + 16 + 8 + 8 + 1 + 1);
        head[0] = FormatVersion;
        BinaryPrimitives.WriteUInt128LittleEndian(head[1..], envelope.Id);
        BinaryPrimitives.WriteInt64LittleEndian(head[17..], envelope.TimeUnixNano);
        BinaryPrimitives.WriteInt64LittleEndian(head[25..], envelope.ObservedTimeUnixNano);
        head[33] = (byte)envelope.Level;
        head[34] = (byte)((envelope.ObservedTimeUnixNano != 0 ? HasObservedTime : 0) | (envelope.ContextStart ? HasContextStart : 0));
        writer.Advance(35);
        WriteVarLong(writer, envelope.SeverityNumber);
        WriteString(writer, envelope.Name);
        WriteString(writer, envelope.SeverityText);
        WriteString(writer, envelope.Service);
        WriteString(writer, envelope.Environment);
        WriteString(writer, envelope.Version);
        WriteString(writer, envelope.SessionId);
        WriteEntity(writer, envelope.Actor);
        WriteEntity(writer, envelope.Scope);
        WriteMap(writer, envelope.Attributes, 0);
        WriteError(writer, envelope.Error);
        WriteSource(writer, envelope.Source);
        WriteString(writer, envelope.Message);
        WriteValue(writer, envelope.Body, 0);
        WriteString(writer, envelope.Title);
        WriteOptionalDouble(writer, envelope.Value);
        WriteMap(writer, envelope.Tags, 0);
        WriteString(writer, envelope.TraceId);
        WriteString(writer, envelope.SpanId);
        WriteMap(writer, envelope.Resource, 0);
        WriteString(writer, envelope.ScopeName);
        WriteString(writer, envelope.ScopeVersion);
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

    private static void WriteEntity(IBufferWriter<byte> writer, EntityRef? entity)
    {
        if (entity is null)
        {
            WriteByte(writer, 0);
            return;
        }

        WriteByte(writer, 1);
        WriteString(writer, entity.Type);
        WriteString(writer, entity.Id);
        WriteMap(writer, entity.Tags, 0);
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

    private static void WriteMap(IBufferWriter<byte> writer, KeyValue[] entries, int depth)
    {
        WriteVarULong(writer, (ulong)entries.Length);
        foreach (ref readonly var entry in entries.AsSpan())
        {
            WriteString(writer, entry.Key);
            WriteValue(writer, entry.Value, depth);
        }
    }

    private static void WriteValue(IBufferWriter<byte> writer, AttributeValue value, int depth)
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
                foreach (var item in items) WriteValue(writer, item, depth + 1);
                break;
            case AttributeKind.Map: WriteMap(writer, value.AsMap, depth + 1); break;
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
