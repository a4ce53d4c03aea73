using System.Text.Json;
using Gateway.Envelope;
using Gateway.Otlp.Events;
using Gateway.Otlp.Json;
using Gateway.Otlp.Mapping;
using Gateway.Otlp.Receivers;
using YamlDotNet.RepresentationModel;

namespace Gateway.Host.RouteTests;

/// <summary>
/// Turns a test's input into envelopes the way the OTLP/HTTP receiver does: the input as OTLP/JSON, read by the
/// receiver's JSON reader and mapped by its <see cref="EnvelopeMapper"/>, or as a JSON events body read as
/// <c>POST /v1/events</c> reads it, so a test sees exactly what a live request would.
/// </summary>
internal sealed class TestEvents(EnvelopeMapper mapper)
{
    /// <summary>An input is one test's worth of events, not a bulk load.</summary>
    private const int MaxEventsPerInput = 1000;

    /// <summary>The envelopes of one input; throws <see cref="RouteTestException"/> naming what is wrong with it.</summary>
    public List<EventEnvelope> Map(TestEventInput input)
    {
        if (input.Event is { } node) return MapEvents(YamlJson.ToJson(writer => YamlJson.Write(writer, node)), input.Shape);
        var json = input.Otlp is { } otlp
            ? YamlJson.ToJson(writer => YamlJson.Write(writer, otlp))
            : YamlJson.ToJson(writer => WriteRequest(writer, (YamlMappingNode)input.Record!, input.Resource, input.Scope));
        return Map(json);
    }

    /// <summary>The envelopes of an OTLP/JSON request.</summary>
    public List<EventEnvelope> Map(ReadOnlySpan<byte> otlpJson)
    {
        OtlpJsonRequest request;
        try
        {
            request = OtlpJsonReader.Parse(otlpJson);
        }
        catch (OtlpDecodeException e)
        {
            throw new RouteTestException($"not OTLP/JSON the receiver would accept: {e.Message}");
        }

        var envelopes = new List<EventEnvelope>();
        var rejected = mapper.Map(request.Request, envelopes, request.Faults);
        if (rejected.Count > 0) throw new RouteTestException($"the receiver would reject {rejected.Count} record(s) in partial_success: {rejected.ErrorMessage}");
        if (envelopes.Count == 0) throw new RouteTestException("the input holds no log record (an OTLP/JSON request needs resourceLogs[].scopeLogs[].logRecords[])");
        return envelopes;
    }

    /// <summary>The envelopes of a JSON events body, as <c>POST /v1/events</c> reads it; an event that API would reject fails the test with its reason.</summary>
    private List<EventEnvelope> MapEvents(ReadOnlySpan<byte> body, EventFormat? shape)
    {
        var read = EventsBodyReader.Read(mapper, body, shape, service: null, MaxEventsPerInput);
        if (read.BodyProblem is { } problem) throw new RouteTestException($"POST /v1/events would refuse this body: {problem}");
        if (read.Outcomes.FirstRejection is { } rejected)
        {
            throw new RouteTestException($"POST /v1/events would reject {read.Outcomes.Rejected} event(s) (event {rejected.Index}: {rejected.Reason})");
        }

        return read.Envelopes;
    }

    /// <summary>
    /// What <c>--event</c> takes: one OTLP/JSON log record (with <c>resource</c> and <c>scope</c> beside its fields, as
    /// plain maps), a whole request with <c>resourceLogs</c>, or an event as <c>POST /v1/events</c> takes it
    /// (<c>{"name": "user.signup", ...}</c>: an object naming none of a log record's fields). JSON is YAML, so it is
    /// read with the tests file's rules.
    /// </summary>
    public List<EventEnvelope> MapCommandLine(string text)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new RouteTestException($"--event is not valid JSON: {e.Message}");
        }

        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new RouteTestException("--event takes one JSON object: an event as POST /v1/events takes it, e.g. --event '{\"name\":\"user.signup\",\"properties\":{\"plan\":\"pro\"}}', or an OTLP/JSON log record, e.g. --event '{\"eventName\":\"payment.failed\",\"severityNumber\":17,\"resource\":{\"service.name\":\"checkout\"}}'");
        }

        if (Child(root, "resourceLogs") is not null) return Map(YamlJson.ToJson(writer => YamlJson.Write(writer, root)));
        if (!IsOtlpRecord(root)) return MapEvents(YamlJson.ToJson(writer => YamlJson.Write(writer, root)), shape: null);
        var record = new YamlMappingNode();
        foreach (var (key, value) in root.Children)
        {
            if (((YamlScalarNode)key).Value is not ("resource" or "scope")) record.Add(key, value);
        }

        return Map(YamlJson.ToJson(writer => WriteRequest(writer, record, Child(root, "resource"), Child(root, "scope"))));
    }

    /// <summary>An OTLP/JSON logRecord names at least one of its own fields; anything else is an event as the events API reads it ({"name": ...}).</summary>
    private static bool IsOtlpRecord(YamlMappingNode root)
    {
        foreach (var field in OtlpRecordFields)
        {
            if (Child(root, field) is not null) return true;
        }

        return false;
    }

    private static readonly string[] OtlpRecordFields = ["eventName", "severityNumber", "severityText", "body", "timeUnixNano", "observedTimeUnixNano", "traceId", "spanId"];

    private static void WriteRequest(Utf8JsonWriter writer, YamlMappingNode record, YamlNode? resource, YamlNode? scope)
    {
        writer.WriteStartObject();
        writer.WriteStartArray("resourceLogs");
        writer.WriteStartObject();
        if (resource is YamlMappingNode attributes)
        {
            writer.WritePropertyName("resource");
            if (Child(attributes, "attributes") is YamlSequenceNode) YamlJson.Write(writer, attributes);
            else
            {
                writer.WriteStartObject();
                writer.WritePropertyName("attributes");
                YamlJson.WriteAttributes(writer, attributes);
                writer.WriteEndObject();
            }
        }

        writer.WriteStartArray("scopeLogs");
        writer.WriteStartObject();
        if (scope is not null)
        {
            writer.WritePropertyName("scope");
            YamlJson.Write(writer, scope);
        }

        writer.WriteStartArray("logRecords");
        YamlJson.WriteRecord(writer, record);
        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static YamlNode? Child(YamlMappingNode mapping, string key)
    {
        foreach (var (k, v) in mapping.Children)
        {
            if (k is YamlScalarNode { Value: var name } && name == key) return v;
        }

        return null;
    }
}
