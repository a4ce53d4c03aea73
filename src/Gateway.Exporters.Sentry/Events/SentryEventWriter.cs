using System.Buffers;
using System.Text.Json;
using Gateway.Envelope;
using Gateway.Exporters.Sentry.Grouping;
using Gateway.Exporters.Sentry.StackTraces;
using Gateway.Exporters.Sentry.Transport;

namespace Gateway.Exporters.Sentry.Events;

/// <summary>
/// Writes one envelope as a Sentry event payload. The JSON is written directly rather than through the SDK's
/// <c>SentryEvent</c>, whose id and timestamp are fixed at construction and whose client adds the gateway's own
/// machine, OS, installation-id user and stack: a forwarded event carries only what the app sent.
/// Safe for concurrent use: it holds configuration only.
/// </summary>
public sealed class SentryEventWriter
{
    private const string HostNameAttribute = "host.name";

    private static readonly JsonEncodedText EventIdName = JsonEncodedText.Encode("event_id");
    private static readonly JsonEncodedText TimestampName = JsonEncodedText.Encode("timestamp");
    private static readonly JsonEncodedText PlatformName = JsonEncodedText.Encode("platform");
    private static readonly JsonEncodedText OtherPlatform = JsonEncodedText.Encode("other");
    private static readonly JsonEncodedText LevelName = JsonEncodedText.Encode("level");
    private static readonly JsonEncodedText LoggerName = JsonEncodedText.Encode("logger");
    private static readonly JsonEncodedText ServerNameName = JsonEncodedText.Encode("server_name");
    private static readonly JsonEncodedText ReleaseName = JsonEncodedText.Encode("release");
    private static readonly JsonEncodedText EnvironmentName = JsonEncodedText.Encode("environment");
    private static readonly JsonEncodedText LogEntryName = JsonEncodedText.Encode("logentry");
    private static readonly JsonEncodedText FormattedName = JsonEncodedText.Encode("formatted");
    private static readonly JsonEncodedText UserName = JsonEncodedText.Encode("user");
    private static readonly JsonEncodedText IdName = JsonEncodedText.Encode("id");
    private static readonly JsonEncodedText FingerprintName = JsonEncodedText.Encode("fingerprint");
    private static readonly JsonEncodedText ExtraName = JsonEncodedText.Encode("extra");
    private static readonly JsonEncodedText ErrorStackName = JsonEncodedText.Encode("error.stack");
    private static readonly JsonEncodedText SdkName = JsonEncodedText.Encode("sdk");
    private static readonly JsonEncodedText NameName = JsonEncodedText.Encode("name");
    private static readonly JsonEncodedText VersionName = JsonEncodedText.Encode("version");
    private static readonly JsonEncodedText ClientName = JsonEncodedText.Encode(SentryClientName.Name);
    private static readonly JsonEncodedText ClientVersion = JsonEncodedText.Encode(SentryClientName.Version);

    private readonly StackTraceParsers _parsers = new();
    private readonly SentryExceptionWriter _exceptions;
    private readonly SentryTagsWriter _tags;
    private readonly FingerprintTemplate[] _fingerprint;
    private readonly string? _environment;

    public SentryEventWriter(SentryExporterOptions options)
    {
        _exceptions = new SentryExceptionWriter(new InAppRules(options.InAppInclude));
        _tags = new SentryTagsWriter(options.TagAttributes);
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
        var platform = SentryPlatforms.FromLanguage(SentryPlatforms.LanguageOf(envelope));
        IReadOnlyList<ParsedException> chain = [];
        var parsed = false;
        if (envelope.Error?.Stack is { Length: > 0 } stack && _parsers.TryParse(stack, platform, out chain, out var stackPlatform))
        {
            parsed = true;
            platform ??= stackPlatform;
        }

        writer.WriteStartObject();
        Span<char> eventId = stackalloc char[EnvelopeIds.HexLength];
        EnvelopeIds.Format(envelope.Id, eventId);
        writer.WriteString(EventIdName, eventId);
        EnvelopeJson.WriteTime(writer, TimestampName, envelope.TimeUnixNano);
        if (platform is null) writer.WriteString(PlatformName, OtherPlatform);
        else writer.WriteString(PlatformName, platform);
        writer.WriteString(LevelName, SentryLevels.Of(envelope.Level));
        if ((envelope.Source?.Causer ?? envelope.ScopeName) is { } logger) writer.WriteString(LoggerName, logger);
        if (FindString(envelope.Resource, HostNameAttribute) is { } host) writer.WriteString(ServerNameName, host);
        if (envelope.Version is { } version) WriteRelease(writer, envelope.Service, version);
        var environment = _environment ?? envelope.Environment;
        if (environment is not null) writer.WriteString(EnvironmentName, environment);
        writer.WriteStartObject(LogEntryName);
        writer.WriteString(FormattedName, envelope.Title ?? envelope.Message ?? envelope.Name);
        writer.WriteEndObject();
        if (envelope.Error is { } error) _exceptions.Write(writer, envelope, error, chain, platform ?? "other");
        _tags.Write(writer, envelope, environment);
        if (envelope.Actor is { Type: "user", Id: { } userId })
        {
            writer.WriteStartObject(UserName);
            writer.WriteString(IdName, userId);
            writer.WriteEndObject();
        }

        SentryContextsWriter.Write(writer, envelope);
        if (!parsed) WriteUnparsed(writer, envelope);
        writer.WriteStartObject(SdkName);
        writer.WriteString(NameName, ClientName);
        writer.WriteString(VersionName, ClientVersion);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>Without frames Sentry would group by message text alone; the fingerprint groups by what stays the same.</summary>
    private void WriteUnparsed(Utf8JsonWriter writer, EventEnvelope envelope)
    {
        writer.WriteStartArray(FingerprintName);
        foreach (var template in _fingerprint) writer.WriteStringValue(template.Render(envelope));
        writer.WriteEndArray();
        if (envelope.Error?.Stack is not { Length: > 0 } stack) return;
        // Kept whole so nothing the app sent is lost, even in a format no parser knows.
        writer.WriteStartObject(ExtraName);
        writer.WriteString(ErrorStackName, stack);
        writer.WriteEndObject();
    }

    /// <summary>"service@version", Sentry's release naming, assembled on the stack rather than as a new string per event.</summary>
    private static void WriteRelease(Utf8JsonWriter writer, string service, string version)
    {
        var length = service.Length + 1 + version.Length;
        char[]? rented = null;
        var buffer = length <= 256 ? stackalloc char[length] : (rented = ArrayPool<char>.Shared.Rent(length));
        service.AsSpan().CopyTo(buffer);
        buffer[service.Length] = '@';
        version.AsSpan().CopyTo(buffer[(service.Length + 1)..]);
        writer.WriteString(ReleaseName, buffer[..length]);
        if (rented is not null) ArrayPool<char>.Shared.Return(rented);
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
