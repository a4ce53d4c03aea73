using System.Text;
using System.Text.Unicode;
using Gateway.Envelope;
using Gateway.Otlp.Proto.Common.V1;
using Gateway.Otlp.Wire;
using Gateway.Processors.Sampling;
using Google.Protobuf;

namespace Gateway.Otlp.Mapping;

/// <summary>
/// Sampling before mapping: reads the fields a sampling decision depends on straight off a LogRecord's bytes (severity,
/// session.id / context.id, trace id, event name, the priority attribute) and asks the first sampler whether it
/// certainly drops the record. Only then is the record skipped, and only when it is one the full decoder would accept
/// exactly as it is: every string valid UTF-8, nested values parsed as the decoder parses them, ids of valid length.
/// Anything unusual (a value of another type where a string is expected, a field sent twice, a malformed byte) is
/// left to the decoder and the sampler, so the outcome never differs from mapping every record first. One per request.
/// </summary>
internal sealed class SamplingProbe(SamplingProcessor sampler)
{
    /// <summary>Names up to this many characters are decoded on the stack; a longer one (rare) becomes a string.</summary>
    private const int MaxStackName = 128;

    /// <summary>A severity_text longer than this is not a level word after trimming; rather than trim it here, it is left to the decoder.</summary>
    private const int MaxSeverityTextBytes = 64;

    /// <summary>Field 1 and field 2, length-delimited: KeyValue's key and value, AnyValue's string_value is field 1 too.</summary>
    private const byte KeyTag = (1 << 3) | ProtoWireReader.LengthDelimited;
    private const byte ValueTag = (2 << 3) | ProtoWireReader.LengthDelimited;

    private readonly byte[]? _priorityKey = sampler.PriorityAttributeUtf8;
    private AnyValue? _nested;
    private SamplingTally _tally;

    /// <summary>Records dropped unmapped in this request.</summary>
    public int Dropped { get; private set; }

    /// <summary>True (and counted) when the record is valid and the sampler drops it; false when it must be mapped.</summary>
    public bool TryDrop(ReadOnlySpan<byte> record, ResourceContext resource, string? scopeName)
    {
        try
        {
            if (!TryRead(record, resource, scopeName, out var dropped) || !dropped) return false;
            Dropped++;
            return true;
        }
        catch (OtlpWireException)
        {
            // The decoder meets the same bytes and refuses the request, naming where.
            return false;
        }
    }

    /// <summary>Counts the request's unmapped drops; called once the whole request decoded.</summary>
    public void Complete()
    {
        if (Dropped > 0) sampler.RecordUnmapped(_tally);
    }

    /// <returns>False when the record must go to the decoder (invalid or unusual); otherwise whether the sampler dropped it.</returns>
    private bool TryRead(ReadOnlySpan<byte> message, ResourceContext resource, string? scopeName, out bool dropped)
    {
        dropped = false;
        var severityNumber = 0;
        ReadOnlySpan<byte> severityText = default, eventName = default, traceId = default;
        var spanIdLength = 0;
        var bodySeen = false;
        var attributes = new RecordAttributes();
        var reader = new ProtoWireReader(message);
        while (reader.TryReadTag(out var field, out var wireType))
        {
            // The same (field, wire type) cases as ReusableLogRecord.Decode, so unknown and mistyped fields are skipped alike.
            switch ((field, wireType))
            {
                case (1 or 11, ProtoWireReader.Fixed64): reader.ReadFixed64(); break;
                case (2, ProtoWireReader.Varint):
                    severityNumber = (int)reader.ReadVarint();

                    // Senders write the severity before the attributes: a level that is always kept needs no more reading.
                    if (severityNumber is >= 1 and <= 24 && sampler.KeepsEveryRecordOf(SeverityMapper.ToLevel(severityNumber, severityText: null))) return false;
                    break;
                case (3, ProtoWireReader.LengthDelimited):
                    severityText = reader.ReadSpan();
                    if (!IsValidUtf8(severityText)) return false;
                    break;
                case (5, ProtoWireReader.LengthDelimited):
                    // A second body merges into the first with Google.Protobuf's rules: left to the decoder.
                    if (bodySeen) return false;
                    bodySeen = true;
                    if (ReadValue(reader.ReadSpan(), out _) == ValueKind.Invalid) return false;
                    break;
                case (6, ProtoWireReader.LengthDelimited):
                    if (!ReadAttribute(reader.ReadSpan(), ref attributes)) return false;
                    break;
                case (7, ProtoWireReader.Varint): reader.ReadVarint(); break;
                case (8, ProtoWireReader.Fixed32): reader.ReadFixed32(); break;
                case (9, ProtoWireReader.LengthDelimited): traceId = reader.ReadSpan(); break;
                case (10, ProtoWireReader.LengthDelimited): spanIdLength = reader.ReadSpan().Length; break;
                case (12, ProtoWireReader.LengthDelimited):
                    eventName = reader.ReadSpan();
                    if (!IsValidUtf8(eventName)) return false;
                    break;
                default: reader.Skip(field, wireType); break;
            }
        }

        // Ids of another length make the decoder reject the record (partial_success), which it must do itself.
        if (traceId.Length is not (0 or 16) || spanIdLength is not (0 or 8) || attributes.Unusual) return false;
        if (!TryLevel(severityNumber, severityText, out var level)) return false;

        Span<char> nameBuffer = stackalloc char[MaxStackName];
        var record = new UnmappedRecord
        {
            Level = level,
            Service = resource.Service,
            Name = sampler.RulesReadName ? NameOf(eventName, attributes, scopeName, nameBuffer) : default,
            HasSessionAttribute = attributes.HasSession,
            Session = attributes.Session,
            TraceId = traceId.ContainsAnyExcept((byte)0) ? traceId : default,
            HasPriority = attributes.HasPriority,
        };
        dropped = sampler.DropsUnmapped(record, ref _tally);
        return true;
    }

    /// <summary>One KeyValue: validated as the decoder reads it, and noted when its key is one sampling reads.</summary>
    private bool ReadAttribute(ReadOnlySpan<byte> message, ref RecordAttributes attributes)
    {
        ReadOnlySpan<byte> key = default;
        ReadOnlySpan<byte> value = default;
        int keys = 0, values = 0;

        // What SDKs write: the key (field 1), then the value (field 2), each under 128 bytes: read without the general loop.
        if (TrySplitShortField(message, KeyTag, out key, out var rest) && TrySplitShortField(rest, ValueTag, out value, out rest) && rest.IsEmpty)
        {
            keys = values = 1;
        }
        else
        {
            ReadFields(message, ref key, ref value, ref keys, ref values);
        }

        // A repeated key or value merges with protobuf's rules: the decoder's business.
        if (keys > 1 || values > 1 || !IsValidUtf8(key)) return false;
        ReadOnlySpan<byte> text = default;
        var kind = values == 0 ? ValueKind.Absent : ReadValue(value, out text);
        if (kind == ValueKind.Invalid) return false;
        if (_priorityKey is not null && key.SequenceEqual(_priorityKey)) attributes.HasPriority = true;

        attributes.Note(key, kind, text);
        return true;
    }

    private static void ReadFields(ReadOnlySpan<byte> message, ref ReadOnlySpan<byte> key, ref ReadOnlySpan<byte> value, ref int keys, ref int values)
    {
        var reader = new ProtoWireReader(message);
        while (reader.TryReadTag(out var field, out var wireType))
        {
            switch ((field, wireType))
            {
                case (1, ProtoWireReader.LengthDelimited):
                    key = reader.ReadSpan();
                    keys++;
                    break;
                case (2, ProtoWireReader.LengthDelimited):
                    value = reader.ReadSpan();
                    values++;
                    break;
                default: reader.Skip(field, wireType); break;
            }
        }
    }

    /// <summary>
    /// A message that starts with a length-delimited field of <paramref name="tag"/> whose length fits one byte: its
    /// bytes and what follows. False for anything else, which the general reader then handles.
    /// </summary>
    private static bool TrySplitShortField(ReadOnlySpan<byte> message, byte tag, out ReadOnlySpan<byte> field, out ReadOnlySpan<byte> rest)
    {
        if (message.Length >= 2 && message[0] == tag && message[1] < 0x80 && message[1] <= message.Length - 2)
        {
            field = message.Slice(2, message[1]);
            rest = message[(2 + message[1])..];
            return true;
        }

        field = rest = default;
        return false;
    }

    /// <summary>Short ASCII strings (nearly every key and value) are checked byte by byte; the rest by the vectorised validator.</summary>
    private static bool IsValidUtf8(ReadOnlySpan<byte> text)
    {
        if (text.Length > 32) return Utf8.IsValid(text);
        var any = 0;
        foreach (var b in text) any |= b;
        return any < 0x80 || Utf8.IsValid(text);
    }

    /// <summary>
    /// An AnyValue as ReusableLogRecord merges it: strings validated field by field, the last field winning; an array,
    /// map or bytes value is parsed whole by Google.Protobuf, exactly as the decoder does, so it refuses the same bytes.
    /// </summary>
    private ValueKind ReadValue(ReadOnlySpan<byte> message, out ReadOnlySpan<byte> text)
    {
        // A plain string value, the common case.
        if (TrySplitShortField(message, KeyTag, out text, out var rest) && rest.IsEmpty) return IsValidUtf8(text) ? ValueKind.String : ValueKind.Invalid;

        text = default;
        var kind = ValueKind.Absent;
        var reader = new ProtoWireReader(message);
        while (reader.TryReadTag(out var field, out var wireType))
        {
            switch ((field, wireType))
            {
                case (1, ProtoWireReader.LengthDelimited):
                    text = reader.ReadSpan();
                    if (!IsValidUtf8(text)) return ValueKind.Invalid;
                    kind = ValueKind.String;
                    break;
                case (2 or 3, ProtoWireReader.Varint): reader.ReadVarint(); kind = ValueKind.OtherScalar; break;
                case (4, ProtoWireReader.Fixed64): reader.ReadFixed64(); kind = ValueKind.OtherScalar; break;
                case (5 or 6 or 7, ProtoWireReader.LengthDelimited):
                    var nested = _nested ??= new AnyValue();
                    try
                    {
                        nested.ClearValue();
                        nested.MergeFrom(message);
                    }
                    catch (InvalidProtocolBufferException)
                    {
                        return ValueKind.Invalid;
                    }

                    return ValueKind.Nested;
                default: reader.Skip(field, wireType); break;
            }
        }

        return kind;
    }

    /// <summary>SeverityMapper.ToLevel over the wire bytes; false for a text it cannot judge without decoding (non-ASCII, very long).</summary>
    private static bool TryLevel(int severityNumber, ReadOnlySpan<byte> severityText, out EventLevel level)
    {
        level = SeverityMapper.ToLevel(severityNumber, severityText: null);
        if (severityNumber is >= 1 and <= 24 || severityText.IsEmpty) return true;
        if (severityText.Length > MaxSeverityTextBytes || !Ascii.IsValid(severityText)) return false;
        Span<char> chars = stackalloc char[severityText.Length];
        Ascii.ToUtf16(severityText, chars, out var written);
        level = SeverityMapper.TryFromText(chars[..written].Trim(), out var fromText) ? fromText : EventLevel.Info;
        return true;
    }

    /// <summary>The envelope's name as the mapper picks it: event_name, else the event.name attribute, else the scope name, else "log".</summary>
    /// <remarks>Decoded into <paramref name="buffer"/> when it fits, so deciding a record allocates nothing.</remarks>
    private static ReadOnlySpan<char> NameOf(ReadOnlySpan<byte> eventName, in RecordAttributes attributes, string? scopeName, Span<char> buffer)
    {
        if (!eventName.IsEmpty) return Decode(eventName, buffer);
        if (attributes.HasEventName) return Decode(attributes.EventName, buffer);
        return scopeName ?? EnvelopeMapper.DefaultName;
    }

    /// <summary>Valid UTF-8 (checked before) as characters, the same ones <see cref="Encoding.GetString(ReadOnlySpan{byte})"/> gives.</summary>
    private static ReadOnlySpan<char> Decode(ReadOnlySpan<byte> utf8, Span<char> buffer) =>
        Encoding.UTF8.GetMaxCharCount(utf8.Length) <= buffer.Length ? buffer[..Encoding.UTF8.GetChars(utf8, buffer)] : Encoding.UTF8.GetString(utf8);

    private enum ValueKind
    {
        Absent,
        String,
        OtherScalar,
        Nested,
        Invalid,
    }

    /// <summary>The attributes sampling reads, as the mapper's recognized-key slots hold them: the first of each key.</summary>
    private ref struct RecordAttributes
    {
        public bool HasPriority;
        public bool Unusual;
        public bool HasEventName;
        public ReadOnlySpan<byte> EventName;
        private Slot _session;
        private Slot _context;

        /// <summary>session.id, else context.id (the mapper's order); a value of another type is left to the mapper.</summary>
        public readonly bool HasSession => _session.Seen || _context.Seen;

        public readonly ReadOnlySpan<byte> Session => _session.Seen ? _session.Text : _context.Text;

        public void Note(ReadOnlySpan<byte> key, ValueKind kind, ReadOnlySpan<byte> text)
        {
            if (key.SequenceEqual("session.id"u8)) Fill(ref _session, kind, text);
            else if (key.SequenceEqual("context.id"u8)) Fill(ref _context, kind, text);
            else if (key.SequenceEqual("event.name"u8) && !HasEventName)
            {
                HasEventName = true;
                EventName = text;
                Unusual |= kind != ValueKind.String;
            }
        }

        private void Fill(ref Slot slot, ValueKind kind, ReadOnlySpan<byte> text)
        {
            if (slot.Seen) return;
            slot.Seen = true;
            slot.Text = text;
            Unusual |= kind != ValueKind.String;
        }

        private ref struct Slot
        {
            public bool Seen;
            public ReadOnlySpan<byte> Text;
        }
    }
}
