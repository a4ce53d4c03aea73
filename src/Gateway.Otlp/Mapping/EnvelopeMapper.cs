using Gateway.Configuration;
using Gateway.Envelope;
using Gateway.Processors.Sampling;
using Gateway.Otlp.Proto.Collector.Logs.V1;
using Gateway.Otlp.Proto.Common.V1;
using Gateway.Otlp.Proto.Logs.V1;
using Gateway.Otlp.Proto.Resource.V1;
using Gateway.Otlp.Wire;
using Google.Protobuf;
using EnvelopeKeyValue = Gateway.Envelope.KeyValue;
using ProtoKeyValue = Gateway.Otlp.Proto.Common.V1.KeyValue;

namespace Gateway.Otlp.Mapping;

/// <summary>
/// Turns an OTLP export request into envelopes, one per valid log record; docs/receiver.md has the field table.
/// Each record's attributes are read in one pass with a switch on the key; the recognized ones wait in stack slots
/// until the envelope fields are decided, and whatever no field took goes back to the attributes.
/// </summary>
public sealed class EnvelopeMapper
{
    /// <summary>The envelope's name when the record has no event name and no scope name.</summary>
    internal const string DefaultName = "log";
    private readonly AttributeBounds _bounds;
    private readonly EnvelopeOptions _options;
    private readonly TimeProvider _time;

    public EnvelopeMapper(EnvelopeOptions options, TimeProvider time)
    {
        _options = options;
        _time = time;
        _bounds = new AttributeBounds(options);
    }

    /// <summary>Appends one envelope per valid record to <paramref name="output"/>; invalid records are counted in the result.</summary>
    /// <param name="faults">Records the decoder already found invalid (numbered as in the request), rejected with its reason.</param>
    public RejectedRecords Map(ExportLogsServiceRequest request, List<EventEnvelope> output, RecordFaults? faults = null)
    {
        var pass = new RequestPass(this, output, faults);
        foreach (var resourceLogs in request.ResourceLogs)
        {
            var resource = pass.Resource(resourceLogs.Resource);
            foreach (var scopeLogs in resourceLogs.ScopeLogs)
            {
                var scopeHash = pass.Hasher.HashOf(scopeLogs.Scope);
                var records = scopeLogs.LogRecords;
                for (var r = 0; r < records.Count; r++) pass.Add(records[r], resource, scopeLogs.Scope, scopeHash);
            }
        }

        return pass.Rejected;
    }

    /// <summary>
    /// The same as <see cref="Map(ExportLogsServiceRequest, List{EventEnvelope}, RecordFaults)"/> for an ExportLogsServiceRequest
    /// still in protobuf bytes: records are decoded one at a time into a reused LogRecord and mapped straight away,
    /// so no object graph is built for the request. Throws <see cref="OtlpWireException"/> for bytes that are not a
    /// valid message, naming where in the request it broke; what was appended to <paramref name="output"/> is then
    /// discarded (the whole request is refused).
    /// </summary>
    /// <param name="firstSampler">
    /// The sampler that will see the envelopes first, if any: records it certainly drops are then counted and skipped
    /// instead of mapped (<see cref="SamplingProbe"/>), and their number is <paramref name="sampledOut"/>.
    /// </param>
    public RejectedRecords Map(ReadOnlyMemory<byte> request, List<EventEnvelope> output, SamplingProcessor? firstSampler, out int sampledOut)
    {
        var position = WirePosition.Start;
        try
        {
            var probe = firstSampler is { DecidesUnmapped: true } ? new SamplingProbe(firstSampler) : null;
            var rejected = MapWire(request, output, probe, ref position);
            probe?.Complete();
            sampledOut = probe?.Dropped ?? 0;
            return rejected;
        }
        catch (OtlpWireException e)
        {
            throw new OtlpWireException($"{position}: {e.Message}");
        }
        catch (InvalidProtocolBufferException e)
        {
            // Values, bodies, resources and scopes are merged by Google.Protobuf: its refusals are the same kind of answer.
            throw new OtlpWireException($"{position}: {e.Message}");
        }
    }

    /// <summary>The same without sampling first: every valid record becomes an envelope.</summary>
    public RejectedRecords Map(ReadOnlyMemory<byte> request, List<EventEnvelope> output) => Map(request, output, firstSampler: null, out _);

    private RejectedRecords MapWire(ReadOnlyMemory<byte> request, List<EventEnvelope> output, SamplingProbe? probe, ref WirePosition position)
    {
        var pass = new RequestPass(this, output, faults: null);
        var decoded = new ReusableLogRecord();
        var reader = new ProtoWireReader(request);
        while (reader.TryReadTag(out var field, out var wireType))
        {
            if (field != 1 || wireType != ProtoWireReader.LengthDelimited)
            {
                reader.Skip(field, wireType);
                continue;
            }

            // Fields may come in any order: the resource is read before its scope_logs are mapped.
            position.EnterResourceLogs();
            var resourceLogs = reader.ReadLengthDelimited();
            var context = pass.Resource(MergeField<Resource>(resourceLogs, 1));
            var scopes = new ProtoWireReader(resourceLogs);
            while (scopes.TryReadTag(out var scopeField, out var scopeWireType))
            {
                if (scopeField != 2 || scopeWireType != ProtoWireReader.LengthDelimited)
                {
                    SkipOrCheckSchemaUrl(ref scopes, scopeField, scopeWireType);
                    continue;
                }

                position.EnterScopeLogs();
                var scopeLogs = scopes.ReadLengthDelimited();
                var scope = MergeField<InstrumentationScope>(scopeLogs, 1);
                var scopeHash = pass.Hasher.HashOf(scope);
                var scopeName = NullIfEmpty(scope?.Name);
                var records = new ProtoWireReader(scopeLogs);
                while (records.TryReadTag(out var recordField, out var recordWireType))
                {
                    if (recordField != 2 || recordWireType != ProtoWireReader.LengthDelimited)
                    {
                        SkipOrCheckSchemaUrl(ref records, recordField, recordWireType);
                        continue;
                    }

                    position.EnterRecord();
                    var record = records.ReadLengthDelimited();
                    if (probe is not null && probe.TryDrop(record.Span, context, scopeName))
                    {
                        pass.Skip();
                    }
                    else
                    {
                        decoded.Decode(record);
                        pass.Add(decoded.Record, context, scope, scopeHash);
                    }

                    position.Leave();
                }

                position.Leave();
            }

            position.Leave();
        }

        return pass.Rejected;
    }

    /// <summary>
    /// One request's mapping, whichever decoder walks it: records are numbered across resources and scopes (for
    /// partial_success), share one receive time, and reuse one hasher and one scratch.
    /// </summary>
    internal sealed class RequestPass(EnvelopeMapper mapper, List<EventEnvelope> output, RecordFaults? faults)
    {
        private readonly long _receivedAt = EnvelopeTime.UnixNanoNow(mapper._time);
        private readonly RecordScratch _scratch = new();
        private int _index;

        public RecordIdHasher Hasher { get; } = new();

        public RejectedRecords Rejected { get; } = new();

        public ResourceContext Resource(Resource? resource) =>
            ResourceContext.Create(resource, mapper._bounds, mapper._options.DefaultEnvironment, Hasher.HashOf(resource));

        /// <summary>A valid record sampling dropped before it was mapped: it keeps its number.</summary>
        public void Skip() => _index++;

        public void Add(LogRecord record, ResourceContext resource, InstrumentationScope? scope, ulong scopeHash)
        {
            var invalid = faults?.ReasonFor(_index) ?? Validate(record);
            if (invalid is not null) Rejected.Add(_index, invalid);
            else output.Add(mapper.MapRecord(record, resource, scope, Hasher.IdOf(resource.Hash, scopeHash, record), _receivedAt, _scratch));
            _index++;
        }

        /// <summary>
        /// One event of the events API, translated into a record: mapped and given its id exactly as an OTLP record
        /// without an instrumentation scope, with the marks the translation made (a time it replaced) listed first.
        /// </summary>
        public EventEnvelope MapEvent(LogRecord record, ResourceContext resource, IReadOnlyList<string>? marks) =>
            mapper.MapRecord(record, resource, scope: null, Hasher.IdOf(resource.Hash, scopeHash: 0, record), _receivedAt, _scratch, marks);
    }

    /// <summary>A mapping pass for the events API, whose requests are not OTLP: it numbers and rejects its events itself.</summary>
    internal RequestPass BeginEvents() => new(this, output: [], faults: null);

    /// <summary>schema_url (field 3 of ResourceLogs and ScopeLogs) is not mapped, but must be valid UTF-8 as protobuf requires of strings.</summary>
    private static void SkipOrCheckSchemaUrl(ref ProtoWireReader reader, int field, int wireType)
    {
        if (field == 3 && wireType == ProtoWireReader.LengthDelimited) ProtoStrings.Decode(reader.ReadLengthDelimited().Span, "schema_url");
        else reader.Skip(field, wireType);
    }

    /// <summary>A singular message field (every occurrence merged, as protobuf specifies), or null when absent. Read once per resource or scope.</summary>
    private static T? MergeField<T>(ReadOnlyMemory<byte> message, int fieldNumber) where T : class, IMessage<T>, new()
    {
        T? value = null;
        var reader = new ProtoWireReader(message);
        while (reader.TryReadTag(out var field, out var wireType))
        {
            if (field == fieldNumber && wireType == ProtoWireReader.LengthDelimited)
            {
                value ??= new T();
                value.MergeFrom(reader.ReadLengthDelimited().Span);
            }
            else
            {
                reader.Skip(field, wireType);
            }
        }

        return value;
    }

    /// <summary>The OTLP spec calls ids of any other length invalid; such a record cannot be correlated, so it is rejected.</summary>
    private static string? Validate(LogRecord record)
    {
        if (record.TraceId.Length is not (0 or 16)) return $"trace_id has {record.TraceId.Length} bytes; it must be 16 bytes (32 hex characters) or empty";
        if (record.SpanId.Length is not (0 or 8)) return $"span_id has {record.SpanId.Length} bytes; it must be 8 bytes (16 hex characters) or empty";
        return null;
    }

    private EventEnvelope MapRecord(LogRecord record, ResourceContext resource, InstrumentationScope? scope, UInt128 id, long receivedAt, RecordScratch scratch, IReadOnlyList<string>? marks = null)
    {
        scratch.Clear();
        // Marks that concern the whole record come first, so a flood of cut attributes cannot push them out of the list.
        var truncated = scratch.Truncated;
        if (marks is not null)
        {
            for (var m = 0; m < marks.Count; m++) truncated.Mark(marks[m]);
        }

        var (time, observedTime) = RecordTimes.Resolve(record, receivedAt, truncated);
        if (record.DroppedAttributesCount > 0) truncated.Mark($"attributes ({record.DroppedAttributesCount} dropped by the sender)");
        RecognizedSlots slots = default;
        // Indexed loops: a RepeatedField's enumerator is an allocated iterator.
        var attributes = record.Attributes;
        for (var a = 0; a < attributes.Count; a++)
        {
            var attribute = attributes[a];
            var key = attribute.Key;
            var recognized = RecognizedKeys.Find(key);
            if (recognized != RecognizedKey.Count && slots[(int)recognized] is null && (!ForwardedKeys.IsForwarded(recognized) || ForwardedKeys.IsWellFormed(recognized, attribute.Value)))
            {
                slots[(int)recognized] = attribute;
            }
            else if (key.StartsWith(RecognizedKeys.TagsPrefix, StringComparison.Ordinal) && key.Length > RecognizedKeys.TagsPrefix.Length)
            {
                AddTag(scratch.Tags, attribute, RecognizedKeys.TagsPrefix.Length, truncated);
            }
            else if (key.StartsWith(RecognizedKeys.ActorTagsPrefix, StringComparison.Ordinal) && key.Length > RecognizedKeys.ActorTagsPrefix.Length)
            {
                AddTag(scratch.ActorTags, attribute, RecognizedKeys.ActorTagsPrefix.Length, truncated);
            }
            else if (key.StartsWith(RecognizedKeys.ScopeTagsPrefix, StringComparison.Ordinal) && key.Length > RecognizedKeys.ScopeTagsPrefix.Length)
            {
                AddTag(scratch.ScopeTags, attribute, RecognizedKeys.ScopeTagsPrefix.Length, truncated);
            }
            else
            {
                AddAttribute(scratch.Attributes, attribute, truncated);
            }
        }

        // A forwarded list comes first, as it was first in the gateway that made it.
        if (slots[(int)RecognizedKey.ForwardedTruncated] is { } forwardedTruncated)
        {
            foreach (var mark in ForwardedKeys.Strings(forwardedTruncated.Value)) truncated.Mark(mark);
            slots[(int)RecognizedKey.ForwardedTruncated] = null;
        }

        var scopeName = NullIfEmpty(scope?.Name);
        var traceId = HexOrNull(record.TraceId.Span);
        var name = NullIfEmpty(record.EventName) ?? slots.Take(RecognizedKey.EventName) ?? scopeName ?? DefaultName;
        var sessionId = slots.Take(RecognizedKey.SessionId) ?? slots.Take(RecognizedKey.ContextId) ?? traceId;
        var contextStart = slots.TakeBool(RecognizedKey.ContextStart) ?? false;
        var actor = MapActor(ref slots, scratch.ActorTags);
        var entityScope = MapScope(ref slots, scratch.ScopeTags);
        var error = MapError(ref slots);
        var source = MapSource(ref slots, scopeName);
        var title = slots.Take(RecognizedKey.EventTitle);
        var value = slots.TakeNumber(RecognizedKey.EventValue);
        var forwardedId = slots.Take(RecognizedKey.RecordUid) is { } uid ? ForwardedKeys.ParseId(uid) : (UInt128?)null;
        var sampleRate = slots.TakeNumber(RecognizedKey.ForwardedSampleRate);
        var redaction = MapForwardedRedaction(ref slots);

        // Recognized keys no field took (lost to an alternate, or of an unusable type) stay attributes.
        for (var i = 0; i < (int)RecognizedKey.Count; i++)
        {
            if (slots[i] is { } left) AddAttribute(scratch.Attributes, left, truncated);
        }

        string? message = null;
        var body = AttributeValue.Empty;
        if (record.Body is { ValueCase: AnyValue.ValueOneofCase.StringValue } stringBody) message = stringBody.StringValue;
        else if (record.Body is not null) body = _bounds.Convert(record.Body, "body", truncated);

        if (resource.Truncated is not null) truncated.MarkAll(resource.Truncated);
        var severityText = NullIfEmpty(record.SeverityText);
        return new EventEnvelope
        {
            Id = forwardedId ?? id,
            Name = name,
            TimeUnixNano = time,
            ObservedTimeUnixNano = observedTime,
            Level = SeverityMapper.ToLevel((int)record.SeverityNumber, severityText),
            SeverityNumber = (int)record.SeverityNumber,
            SeverityText = severityText,
            Service = resource.Service,
            Environment = resource.Environment,
            Version = resource.Version,
            SessionId = sessionId,
            ContextStart = contextStart,
            Actor = actor,
            Scope = entityScope,
            Attributes = scratch.Attributes.ToArray(),
            Error = error,
            Source = source,
            Message = message,
            Body = body,
            Title = title,
            Value = value,
            Tags = scratch.Tags.ToArray(),
            TraceId = traceId,
            SpanId = HexOrNull(record.SpanId.Span),
            Resource = resource.Remaining,
            ScopeName = scopeName,
            ScopeVersion = NullIfEmpty(scope?.Version),
            Truncated = truncated.ToArray(),
            SampleRate = sampleRate,
            Redaction = redaction,
        };
    }

    private static RedactionSummary? MapForwardedRedaction(ref RecognizedSlots slots)
    {
        var count = slots.TakeLong(RecognizedKey.ForwardedRedactionCount);
        if (count is null) return null;
        var keys = slots[(int)RecognizedKey.ForwardedRedactionKeys];
        slots[(int)RecognizedKey.ForwardedRedactionKeys] = null;
        return new RedactionSummary { Count = (int)count, Keys = keys is null ? [] : ForwardedKeys.Strings(keys.Value) };
    }

    private static EntityRef? MapActor(ref RecognizedSlots slots, List<EnvelopeKeyValue> tags)
    {
        var type = slots.Take(RecognizedKey.ActorType);
        var id = slots.Take(RecognizedKey.ActorId);
        if (type is not null || id is not null || tags.Count > 0) return new EntityRef { Type = type ?? EntityTypes.Unknown, Id = id, Tags = tags.ToArray() };
        var user = slots.Take(RecognizedKey.UserId) ?? slots.Take(RecognizedKey.EnduserId);
        return user is null ? null : new EntityRef { Type = EntityTypes.User, Id = user };
    }

    private static EntityRef? MapScope(ref RecognizedSlots slots, List<EnvelopeKeyValue> tags)
    {
        var type = slots.Take(RecognizedKey.ScopeType);
        var id = slots.Take(RecognizedKey.ScopeId);
        if (type is not null || id is not null || tags.Count > 0) return new EntityRef { Type = type ?? EntityTypes.Unknown, Id = id, Tags = tags.ToArray() };
        if (slots.Take(RecognizedKey.TenantId) is { } tenant) return new EntityRef { Type = EntityTypes.Tenant, Id = tenant };
        return slots.Take(RecognizedKey.OrganizationId) is { } organization ? new EntityRef { Type = EntityTypes.Organization, Id = organization } : null;
    }

    private static ErrorInfo? MapError(ref RecognizedSlots slots)
    {
        var name = slots.Take(RecognizedKey.ExceptionType) ?? slots.Take(RecognizedKey.ErrorType);
        var message = slots.Take(RecognizedKey.ExceptionMessage);
        var code = slots.Take(RecognizedKey.ExceptionCode) ?? slots.Take(RecognizedKey.ErrorCode);
        var stack = slots.Take(RecognizedKey.ExceptionStacktrace);
        return name is null && message is null && code is null && stack is null ? null : new ErrorInfo { Name = name, Message = message, Code = code, Stack = stack };
    }

    private static SourceLocation? MapSource(ref RecognizedSlots slots, string? scopeName)
    {
        var causer = scopeName ?? slots.Take(RecognizedKey.CodeNamespace);
        var file = slots.Take(RecognizedKey.CodeFilePath) ?? slots.Take(RecognizedKey.CodeFilepath);
        var line = slots.TakeLong(RecognizedKey.CodeLineNumber) ?? slots.TakeLong(RecognizedKey.CodeLineno);
        var function = slots.Take(RecognizedKey.CodeFunctionName) ?? slots.Take(RecognizedKey.CodeFunction);
        return causer is null && file is null && line is null && function is null ? null : new SourceLocation { Causer = causer, File = file, Line = line, Function = function };
    }

    private void AddAttribute(List<EnvelopeKeyValue> attributes, ProtoKeyValue attribute, TruncationMarks truncated)
    {
        if (attributes.Count >= _bounds.MaxAttributes)
        {
            truncated.Mark(attribute.Key);
            return;
        }

        attributes.Add(new EnvelopeKeyValue(attribute.Key, _bounds.Convert(attribute.Value, attribute.Key, truncated)));
    }

    private void AddTag(List<EnvelopeKeyValue> tags, ProtoKeyValue attribute, int prefixLength, TruncationMarks truncated)
    {
        if (tags.Count >= _bounds.MaxAttributes)
        {
            truncated.Mark(attribute.Key);
            return;
        }

        tags.Add(new EnvelopeKeyValue(attribute.Key[prefixLength..], _bounds.Convert(attribute.Value, attribute.Key, truncated)));
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    /// <summary>Lower-case hex; an empty or all-zero id (the spec's "invalid id") means no id.</summary>
    private static string? HexOrNull(ReadOnlySpan<byte> id) => id.IsEmpty || !id.ContainsAnyExcept((byte)0) ? null : Convert.ToHexStringLower(id);
}
