using System.Text.Json;
using Gateway.Envelope;
using Gateway.Exporters.Sentry.Grouping;
using Gateway.Exporters.Sentry.StackTraces;
using Gateway.Exporters.Sentry.Transport;

namespace Gateway.Exporters.Sentry;

/// <summary>
/// Writes one envelope as a Sentry event payload. The JSON is written directly rather than through the SDK's
/// <c>SentryEvent</c>, whose id and timestamp are fixed at construction and whose client adds the gateway's own
/// machine, OS, installation-id user and stack: a forwarded event carries only what the app sent. Frames are the
/// SDK's <c>SentryStackFrame</c>, written by the SDK's own serializer.
/// </summary>
public sealed class SentryEventWriter
{
    private const int MaxTagValueLength = 200;
    private const string HostNameAttribute = "host.name";

    private static readonly JsonEncodedText EventIdName = JsonEncodedText.Encode("event_id");
    private static readonly JsonEncodedText TimestampName = JsonEncodedText.Encode("timestamp");
    private static readonly JsonEncodedText PlatformName = JsonEncodedText.Encode("platform");
    private static readonly JsonEncodedText LevelName = JsonEncodedText.Encode("level");
    private static readonly JsonEncodedText LoggerName = JsonEncodedText.Encode("logger");
    private static readonly JsonEncodedText ServerNameName = JsonEncodedText.Encode("server_name");
    private static readonly JsonEncodedText ReleaseName = JsonEncodedText.Encode("release");
    private static readonly JsonEncodedText EnvironmentName = JsonEncodedText.Encode("environment");
    private static readonly JsonEncodedText LogEntryName = JsonEncodedText.Encode("logentry");
    private static readonly JsonEncodedText FormattedName = JsonEncodedText.Encode("formatted");
    private static readonly JsonEncodedText ExceptionName = JsonEncodedText.Encode("exception");
    private static readonly JsonEncodedText ValuesName = JsonEncodedText.Encode("values");
    private static readonly JsonEncodedText TypeName = JsonEncodedText.Encode("type");
    private static readonly JsonEncodedText ValueName = JsonEncodedText.Encode("value");
    private static readonly JsonEncodedText StacktraceName = JsonEncodedText.Encode("stacktrace");
    private static readonly JsonEncodedText FramesName = JsonEncodedText.Encode("frames");
    private static readonly JsonEncodedText MechanismName = JsonEncodedText.Encode("mechanism");
    private static readonly JsonEncodedText HandledName = JsonEncodedText.Encode("handled");
    private static readonly JsonEncodedText MechanismType = JsonEncodedText.Encode("otel.log");
    private static readonly JsonEncodedText TagsName = JsonEncodedText.Encode("tags");
    private static readonly JsonEncodedText UserName = JsonEncodedText.Encode("user");
    private static readonly JsonEncodedText IdName = JsonEncodedText.Encode("id");
    private static readonly JsonEncodedText ContextsName = JsonEncodedText.Encode("contexts");
    private static readonly JsonEncodedText TraceName = JsonEncodedText.Encode("trace");
    private static readonly JsonEncodedText TraceIdName = JsonEncodedText.Encode("trace_id");
    private static readonly JsonEncodedText SpanIdName = JsonEncodedText.Encode("span_id");
    private static readonly JsonEncodedText AttributesName = JsonEncodedText.Encode("attributes");
    private static readonly JsonEncodedText ResourceName = JsonEncodedText.Encode("resource");
    private static readonly JsonEncodedText EnvelopeName = JsonEncodedText.Encode("envelope");
    private static readonly JsonEncodedText SessionIdName = JsonEncodedText.Encode("session_id");
    private static readonly JsonEncodedText NameName = JsonEncodedText.Encode("name");
    private static readonly JsonEncodedText SourceName = JsonEncodedText.Encode("source");
    private static readonly JsonEncodedText CauserName = JsonEncodedText.Encode("causer");
    private static readonly JsonEncodedText FileName = JsonEncodedText.Encode("file");
    private static readonly JsonEncodedText LineName = JsonEncodedText.Encode("line");
    private static readonly JsonEncodedText FunctionName = JsonEncodedText.Encode("function");
    private static readonly JsonEncodedText ScopeNameName = JsonEncodedText.Encode("scope_name");
    private static readonly JsonEncodedText SampleRateName = JsonEncodedText.Encode("sample_rate");
    private static readonly JsonEncodedText RedactedKeysName = JsonEncodedText.Encode("redacted_keys");
    private static readonly JsonEncodedText FingerprintName = JsonEncodedText.Encode("fingerprint");
    private static readonly JsonEncodedText ExtraName = JsonEncodedText.Encode("extra");
    private static readonly JsonEncodedText ErrorStackName = JsonEncodedText.Encode("error.stack");
    private static readonly JsonEncodedText SdkName = JsonEncodedText.Encode("sdk");
    private static readonly JsonEncodedText VersionName = JsonEncodedText.Encode("version");
    private static readonly JsonEncodedText ServiceTag = JsonEncodedText.Encode("service");
    private static readonly JsonEncodedText EventNameTag = JsonEncodedText.Encode("event.name");
    private static readonly JsonEncodedText ActorTypeTag = JsonEncodedText.Encode("actor.type");
    private static readonly JsonEncodedText ScopeTypeTag = JsonEncodedText.Encode("scope.type");
    private static readonly JsonEncodedText ScopeIdTag = JsonEncodedText.Encode("scope.id");
    private static readonly JsonEncodedText ErrorCodeTag = JsonEncodedText.Encode("error.code");
    private static readonly JsonEncodedText ClientName = JsonEncodedText.Encode(SentryClientName.Name);
    private static readonly JsonEncodedText ClientVersion = JsonEncodedText.Encode(SentryClientName.Version);

    private readonly StackTraceParsers _parsers = new();
    private readonly InAppRules _inApp;
    private readonly FingerprintTemplate[] _fingerprint;
    private readonly string[] _tagAttributes;
    private readonly string? _environment;

    public SentryEventWriter(SentryExporterOptions options)
    {
        _inApp = new InAppRules(options.InAppInclude);
        _tagAttributes = [.. options.TagAttributes];
        _environment = options.Environment;
        var fingerprint = new List<FingerprintTemplate>(options.Fingerprint.Count);
        foreach (var text in options.Fingerprint)
        {
            fingerprint.Add(FingerprintTemplate.TryParse(text, out var template, out var error) ? template : throw new ArgumentException($"fingerprint: {error}", nameof(options)));
        }

        _fingerprint = [.. fingerprint];
    }

    public void Write(Utf8JsonWriter writer, EventEnvelope envelope)
    {
        var language = SentryPlatforms.LanguageOf(envelope);
        var platform = SentryPlatforms.FromLanguage(language);
        IReadOnlyList<ParsedException> chain = [];
        var parsed = false;
        if (envelope.Error?.Stack is { Length: > 0 } stack && _parsers.TryParse(stack, platform, out chain, out var stackPlatform))
        {
            parsed = true;
            platform ??= stackPlatform;
        }

        writer.WriteStartObject();
        writer.WriteString(EventIdName, envelope.IdHex);
        EnvelopeJson.WriteTime(writer, TimestampName, envelope.TimeUnixNano);
        writer.WriteString(PlatformName, platform ?? "other");
        writer.WriteString(LevelName, SentryLevels.Of(envelope.Level));
        if (envelope.Source?.Causer is { } causer) writer.WriteString(LoggerName, causer);
        else if (envelope.ScopeName is { } scopeName) writer.WriteString(LoggerName, scopeName);
        if (FindString(envelope.Resource, HostNameAttribute) is { } host) writer.WriteString(ServerNameName, host);
        if (envelope.Version is { } version) WriteRelease(writer, envelope.Service, version);
        var environment = _environment ?? envelope.Environment;
        if (environment is not null) writer.WriteString(EnvironmentName, environment);
        writer.WriteStartObject(LogEntryName);
        writer.WriteString(FormattedName, envelope.Title ?? envelope.Message ?? envelope.Name);
        writer.WriteEndObject();
        if (envelope.Error is { } error) WriteException(writer, envelope, error, chain, platform ?? "other");
        WriteTags(writer, envelope, environment);
        if (envelope.Actor is { Type: "user", Id: { } userId })
        {
            writer.WriteStartObject(UserName);
            writer.WriteString(IdName, userId);
            writer.WriteEndObject();
        }

        WriteContexts(writer, envelope);
        if (!parsed) WriteFingerprint(writer, envelope);
        if (!parsed && envelope.Error?.Stack is { Length: > 0 } unparsed)
        {
            // Kept whole so nothing the app sent is lost, even in a format no parser knows.
            writer.WriteStartObject(ExtraName);
            writer.WriteString(ErrorStackName, unparsed);
            writer.WriteEndObject();
        }

        writer.WriteStartObject(SdkName);
        writer.WriteString(NameName, ClientName);
        writer.WriteString(VersionName, ClientVersion);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private void WriteException(Utf8JsonWriter writer, EventEnvelope envelope, ErrorInfo error, IReadOnlyList<ParsedException> chain, string platform)
    {
        writer.WriteStartObject(ExceptionName);
        writer.WriteStartArray(ValuesName);
        for (var i = 0; i < chain.Count - 1; i++)
        {
            var cause = chain[i];
            writer.WriteStartObject();
            writer.WriteString(TypeName, cause.Type ?? "Error");
            if (cause.Value is not null) writer.WriteString(ValueName, cause.Value);
            WriteFrames(writer, cause, platform);
            writer.WriteEndObject();
        }

        // The caught exception comes last; its type and message are the app's own (exception.type/message).
        var caught = chain.Count > 0 ? chain[^1] : null;
        writer.WriteStartObject();
        writer.WriteString(TypeName, error.Name ?? caught?.Type ?? envelope.Name);
        if ((error.Message ?? caught?.Value) is { } value) writer.WriteString(ValueName, value);
        if (caught is not null) WriteFrames(writer, caught, platform);
        writer.WriteStartObject(MechanismName);
        writer.WriteString(TypeName, MechanismType);
        writer.WriteBoolean(HandledName, envelope.Level != EventLevel.Fatal);
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private void WriteFrames(Utf8JsonWriter writer, ParsedException exception, string platform)
    {
        if (exception.Frames.Count == 0) return;
        _inApp.Apply(exception.Frames, platform);
        writer.WriteStartObject(StacktraceName);
        writer.WriteStartArray(FramesName);
        foreach (var frame in exception.Frames) frame.WriteTo(writer, null);
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private void WriteTags(Utf8JsonWriter writer, EventEnvelope envelope, string? environment)
    {
        writer.WriteStartObject(TagsName);
        WriteTag(writer, ServiceTag, envelope.Service);
        WriteTag(writer, EventNameTag, envelope.Name);
        if (environment is not null) WriteTag(writer, EnvironmentName, environment);
        if (envelope.Actor is { } actor) WriteTag(writer, ActorTypeTag, actor.Type);
        if (envelope.Scope is { } scope)
        {
            WriteTag(writer, ScopeTypeTag, scope.Type);
            if (scope.Id is not null) WriteTag(writer, ScopeIdTag, scope.Id);
        }

        if (envelope.Error?.Code is { } code) WriteTag(writer, ErrorCodeTag, code);
        foreach (ref readonly var tag in envelope.Tags.AsSpan())
        {
            WriteTag(writer, tag.Key, tag.Value.ToString());
        }

        foreach (var key in _tagAttributes)
        {
            foreach (ref readonly var attribute in envelope.Attributes.AsSpan())
            {
                if (string.Equals(attribute.Key, key, StringComparison.Ordinal))
                {
                    WriteTag(writer, key, attribute.Value.ToString());
                    break;
                }
            }
        }

        writer.WriteEndObject();
    }

    private static void WriteContexts(Utf8JsonWriter writer, EventEnvelope envelope)
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

        if (envelope.SampleRate is { } rate) writer.WriteNumber(SampleRateName, rate);
        if (envelope.Redaction is { Keys.Length: > 0 } redaction)
        {
            writer.WriteStartArray(RedactedKeysName);
            foreach (var key in redaction.Keys) writer.WriteStringValue(key);
            writer.WriteEndArray();
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private void WriteFingerprint(Utf8JsonWriter writer, EventEnvelope envelope)
    {
        writer.WriteStartArray(FingerprintName);
        foreach (var template in _fingerprint) writer.WriteStringValue(template.Render(envelope));
        writer.WriteEndArray();
    }

    /// <summary>Sentry refuses tag values over 200 characters or with line breaks; such values are cut to the first line and limit.</summary>
    private static void WriteTag(Utf8JsonWriter writer, JsonEncodedText key, string value) => writer.WriteString(key, TagValue(value));

    private static void WriteTag(Utf8JsonWriter writer, string key, string value) => writer.WriteString(key, TagValue(value));

    private static ReadOnlySpan<char> TagValue(string value)
    {
        var span = value.AsSpan();
        var newline = span.IndexOfAny('\r', '\n');
        if (newline >= 0) span = span[..newline];
        return span.Length > MaxTagValueLength ? span[..MaxTagValueLength] : span;
    }

    /// <summary>"service@version", Sentry's release naming, assembled on the stack rather than as a new string per event.</summary>
    private static void WriteRelease(Utf8JsonWriter writer, string service, string version)
    {
        var length = service.Length + 1 + version.Length;
        char[]? rented = null;
        var buffer = length <= 256 ? stackalloc char[length] : (rented = System.Buffers.ArrayPool<char>.Shared.Rent(length));
        service.AsSpan().CopyTo(buffer);
        buffer[service.Length] = '@';
        version.AsSpan().CopyTo(buffer[(service.Length + 1)..]);
        writer.WriteString(ReleaseName, buffer[..length]);
        if (rented is not null) System.Buffers.ArrayPool<char>.Shared.Return(rented);
    }

    private static string? FindString(KeyValue[] attributes, string key)
    {
        foreach (ref readonly var attribute in attributes.AsSpan())
        {
            if (attribute.Key == key && attribute.Value.TryGetString(out var value)) return value;
        }

        return null;
    }
}
