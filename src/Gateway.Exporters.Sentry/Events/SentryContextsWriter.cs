using System.Text.Json;
using Gateway.Envelope;

namespace Gateway.Exporters.Sentry.Events;

/// <summary>
/// Writes <c>contexts</c>: <c>trace</c> so Sentry links the issue to its trace, the (already redacted) attributes and
/// resource, and <c>envelope</c> with what has no Sentry field of its own (session, source, sampling, redaction).
/// </summary>
internal static class SentryContextsWriter
{
    private static readonly JsonEncodedText ContextsName = JsonEncodedText.Encode("contexts");
    private static readonly JsonEncodedText TraceName = JsonEncodedText.Encode("trace");
    private static readonly JsonEncodedText TypeName = JsonEncodedText.Encode("type");
    private static readonly JsonEncodedText TraceIdName = JsonEncodedText.Encode("trace_id");
    private static readonly JsonEncodedText SpanIdName = JsonEncodedText.Encode("span_id");
    private static readonly JsonEncodedText AttributesName = JsonEncodedText.Encode("attributes");
    private static readonly JsonEncodedText ResourceName = JsonEncodedText.Encode("resource");
    private static readonly JsonEncodedText EnvelopeName = JsonEncodedText.Encode("envelope");
    private static readonly JsonEncodedText NameName = JsonEncodedText.Encode("name");
    private static readonly JsonEncodedText SessionIdName = JsonEncodedText.Encode("session_id");
    private static readonly JsonEncodedText ScopeNameName = JsonEncodedText.Encode("scope_name");
    private static readonly JsonEncodedText SourceName = JsonEncodedText.Encode("source");
    private static readonly JsonEncodedText CauserName = JsonEncodedText.Encode("causer");
    private static readonly JsonEncodedText FileName = JsonEncodedText.Encode("file");
    private static readonly JsonEncodedText LineName = JsonEncodedText.Encode("line");
    private static readonly JsonEncodedText FunctionName = JsonEncodedText.Encode("function");
    private static readonly JsonEncodedText SampleRateName = JsonEncodedText.Encode("sample_rate");
    private static readonly JsonEncodedText RedactedKeysName = JsonEncodedText.Encode("redacted_keys");

    public static void Write(Utf8JsonWriter writer, EventEnvelope envelope)
    {
        writer.WriteStartObject(ContextsName);
        if (envelope.TraceId is { } traceId)
        {
            writer.WriteStartObject(TraceName);
            writer.WriteString(TypeName, TraceName);
            writer.WriteString(TraceIdName, traceId);
            if (envelope.SpanId is { } spanId) writer.WriteString(SpanIdName, spanId);
            writer.WriteEndObject();
        }

        if (envelope.Attributes.Length > 0)
        {
            writer.WritePropertyName(AttributesName);
            EnvelopeJson.WriteMap(writer, envelope.Attributes);
        }

        if (envelope.Resource.Length > 0)
        {
            writer.WritePropertyName(ResourceName);
            EnvelopeJson.WriteMap(writer, envelope.Resource);
        }

        WriteEnvelope(writer, envelope);
        writer.WriteEndObject();
    }

    private static void WriteEnvelope(Utf8JsonWriter writer, EventEnvelope envelope)
    {
        writer.WriteStartObject(EnvelopeName);
        writer.WriteString(NameName, envelope.Name);
        if (envelope.SessionId is { } sessionId) writer.WriteString(SessionIdName, sessionId);
        if (envelope.ScopeName is { } scopeName) writer.WriteString(ScopeNameName, scopeName);
        if (envelope.Source is { } source)
        {
            writer.WriteStartObject(SourceName);
            if (source.Causer is not null) writer.WriteString(CauserName, source.Causer);
            if (source.File is not null) writer.WriteString(FileName, source.File);
            if (source.Line is { } line) writer.WriteNumber(LineName, line);
            if (source.Function is not null) writer.WriteString(FunctionName, source.Function);
            writer.WriteEndObject();
        }

        if (envelope.SampleRate is { } rate) JsonDoubles.Write(writer, SampleRateName, rate);
        if (envelope.Redaction is { Keys.Length: > 0 } redaction)
        {
            writer.WriteStartArray(RedactedKeysName);
            foreach (var key in redaction.Keys) writer.WriteStringValue(key);
            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }
}
