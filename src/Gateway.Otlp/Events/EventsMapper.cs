using System.Text.Json;
using EventEnvelope = Gateway.Envelope.EventEnvelope;
using Gateway.Otlp.Mapping;
using Gateway.Otlp.Proto.Common.V1;

namespace Gateway.Otlp.Events;

/// <summary>
/// Turns a scanned events body into envelopes, numbering its events in body order (each array element, NDJSON line
/// and element of a batch's or Tracardi payload's <c>events</c> is one index). Each event is read into the OTLP log
/// record it stands for and mapped by the <see cref="EnvelopeMapper"/>, so bounds, truncation marks and the
/// content-derived id follow the OTLP rules. One event that cannot be read is rejected by index; the rest go on.
/// One instance per request.
/// </summary>
internal sealed class EventsMapper
{
    private readonly EnvelopeMapper.RequestPass _pass;
    private readonly EventFormat? _forced;
    private readonly string? _service;
    private readonly EventRecordBuilder _builder = new();
    private readonly List<EventEnvelope> _envelopes;
    private readonly EventOutcomes _outcomes = new();
    private readonly int[] _perFormat = new int[EventFormats.Count];
    private readonly List<KeyValue> _resourceExtras = [];
    private ResourceContext? _resource;
    private string? _resourceService, _resourceEnvironment, _resourceVersion;
    private int _index;

    private EventsMapper(EnvelopeMapper mapper, EventFormat? forced, string? service, int events)
    {
        _pass = mapper.BeginEvents();
        _forced = forced;
        _service = service;
        _envelopes = new List<EventEnvelope>(events);
    }

    /// <param name="forced">The shape <c>?format=</c> named; null to detect each event's.</param>
    /// <param name="service">The service of events that name none (<c>?service=</c>); null for the OTLP default.</param>
    public static MappedEvents Map(EnvelopeMapper mapper, ReadOnlySpan<byte> body, EventBodyScan scan, EventFormat? forced, string? service)
    {
        var events = new EventsMapper(mapper, forced, service, scan.Events);
        foreach (var item in scan.Items) events.Item(body.Slice(item.Start, item.Length), item);
        return new MappedEvents(events._envelopes, events._outcomes, events._perFormat);
    }

    private void Item(ReadOnlySpan<byte> json, in EventItem item)
    {
        if (item.Kind == EventItemKind.Rejected)
        {
            Reject(item.Problem!);
            return;
        }

        var reader = new Utf8JsonReader(json, EventBodyScanner.Options);
        reader.Read();
        switch (item.Kind)
        {
            case EventItemKind.Event:
                Event(ref reader, _forced ?? EventFormatDetector.Detect(item.Keys), batch: null, payload: null);
                break;
            case EventItemKind.Batch:
                Batch(ref reader);
                break;
            default:
                Payload(ref reader);
                break;
        }
    }

    /// <summary><c>{"events":[...], ...}</c>: each element read as its own shape, the wrapper's other fields given to every one.</summary>
    private void Batch(ref Utf8JsonReader reader)
    {
        var shared = new List<KeyValue>();
        var events = default(Utf8JsonReader);
        var found = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (!found && reader.ValueTextEquals("events"u8))
            {
                reader.Read();
                events = reader;
                found = true;
                reader.Skip();
                continue;
            }

            var key = reader.GetString()!;
            shared.Add(new KeyValue { Key = key, Value = JsonAnyValue.ReadProperty(ref reader) });
        }

        while (events.Read() && events.TokenType != JsonTokenType.EndArray)
        {
            if (events.TokenType != JsonTokenType.StartObject) RejectElement(ref events);
            else
            {
                var element = events;
                Event(ref element, _forced ?? EventFormatDetector.Detect(EventBodyScanner.KeysOf(events)), shared, payload: null);
                events.Skip();
            }
        }
    }

    private void Payload(ref Utf8JsonReader reader)
    {
        var payload = new TracardiPayload();
        var events = TracardiShape.ReadPayload(ref reader, payload);
        while (events.Read() && events.TokenType != JsonTokenType.EndArray)
        {
            if (events.TokenType != JsonTokenType.StartObject) RejectElement(ref events);
            else
            {
                var element = events;
                Event(ref element, EventFormat.Tracardi, batch: null, payload);
                events.Skip();
            }
        }
    }

    /// <summary>Reads one event object (the reader on its start) as <paramref name="format"/> and maps it, or rejects it with the reason.</summary>
    private void Event(ref Utf8JsonReader reader, EventFormat format, List<KeyValue>? batch, TracardiPayload? payload)
    {
        var builder = _builder;
        builder.Clear();
        try
        {
            switch (format)
            {
                case EventFormat.Igniter: IgniterShape.Read(ref reader, builder); break;
                case EventFormat.Flux: FluxShape.Read(ref reader, builder); break;
                case EventFormat.Operational: OperationalShape.Read(ref reader, builder); break;
                case EventFormat.Dash0: Dash0Shape.Read(ref reader, builder); break;
                default: TracardiShape.ReadEvent(ref reader, builder, payload ?? new TracardiPayload()); break;
            }
        }
        catch (EventRejectedException e)
        {
            Reject(e.Message);
            return;
        }
        catch (InvalidOperationException e)
        {
            // Utf8JsonReader will not turn text that is not valid Unicode (bad UTF-8, a lone surrogate escape) into a string.
            Reject($"a value is not valid Unicode text ({e.Message}); send UTF-8, and every \\uD800-\\uDFFF escape as half of a surrogate pair");
            return;
        }

        if (builder.Name is null)
        {
            Reject(format == EventFormat.Tracardi
                ? "no type: each element of events needs one, e.g. {\"type\": \"page-view\", \"properties\": {...}}"
                : "no name: an event needs one, e.g. {\"name\": \"user.signup\"}; a Tracardi payload needs source, session and events[].type");
            return;
        }

        if (batch is not null) AddMissing(builder.Attributes, batch);
        Accept(format);
    }

    private void Accept(EventFormat format)
    {
        var builder = _builder;
        var envelope = _pass.MapEvent(builder.ToRecord(), ResourceOf(builder), builder.Marks.Count > 0 ? builder.Marks : null);
        _envelopes.Add(envelope);
        _outcomes.Accept();
        foreach (var warning in builder.Warnings) _outcomes.Warn(_index, warning);
        _perFormat[(int)format]++;
        _index++;
    }

    private void Reject(string reason) => _outcomes.Reject(_index++, reason);

    private void RejectElement(ref Utf8JsonReader events)
    {
        Reject($"expected an event object in events, found {EventBodyScanner.Describe(events.TokenType)}");
        events.Skip();
    }

    /// <summary>The event's resource, worked out again only when it differs from the previous event's (a batch from one service shares one).</summary>
    private ResourceContext ResourceOf(EventRecordBuilder builder)
    {
        var service = builder.Service ?? _service;
        if (_resource is not null && service == _resourceService && builder.Environment == _resourceEnvironment && builder.Version == _resourceVersion
            && SameEntries(builder.Resource, _resourceExtras))
        {
            return _resource;
        }

        _resource = _pass.Resource(builder.ToResource(_service));
        (_resourceService, _resourceEnvironment, _resourceVersion) = (service, builder.Environment, builder.Version);
        _resourceExtras.Clear();
        _resourceExtras.AddRange(builder.Resource);
        return _resource;
    }

    private static bool SameEntries(List<KeyValue> left, List<KeyValue> right)
    {
        if (left.Count != right.Count) return false;
        for (var i = 0; i < left.Count; i++)
        {
            if (!left[i].Equals(right[i])) return false;
        }

        return true;
    }

    private static void AddMissing(List<KeyValue> attributes, List<KeyValue> shared)
    {
        foreach (var entry in shared)
        {
            var present = false;
            for (var i = 0; i < attributes.Count && !present; i++) present = attributes[i].Key == entry.Key;
            if (!present) attributes.Add(entry);
        }
    }
}
