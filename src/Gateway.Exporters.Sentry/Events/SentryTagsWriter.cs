using System.Text.Json;
using Gateway.Envelope;

namespace Gateway.Exporters.Sentry.Events;

/// <summary>Writes <c>tags</c>: the envelope's identity (service, event name, actor and scope types), its own tags and the configured attributes.</summary>
internal sealed class SentryTagsWriter(IReadOnlyList<string> tagAttributes)
{
    private const int MaxTagValueLength = 200;

    private static readonly JsonEncodedText TagsName = JsonEncodedText.Encode("tags");
    private static readonly JsonEncodedText ServiceTag = JsonEncodedText.Encode("service");
    private static readonly JsonEncodedText EventNameTag = JsonEncodedText.Encode("event.name");
    private static readonly JsonEncodedText EnvironmentTag = JsonEncodedText.Encode("environment");
    private static readonly JsonEncodedText ActorTypeTag = JsonEncodedText.Encode("actor.type");
    private static readonly JsonEncodedText ScopeTypeTag = JsonEncodedText.Encode("scope.type");
    private static readonly JsonEncodedText ScopeIdTag = JsonEncodedText.Encode("scope.id");
    private static readonly JsonEncodedText ErrorCodeTag = JsonEncodedText.Encode("error.code");

    // The gateway's own tags win: a JSON object with a key twice is refused or silently cut by Sentry's parser.
    private static readonly HashSet<string> Reserved = new(StringComparer.Ordinal) { "service", "event.name", "environment", "actor.type", "scope.type", "scope.id", "error.code" };

    private readonly string[] _tagAttributes = [.. tagAttributes.Where(key => !Reserved.Contains(key)).Distinct(StringComparer.Ordinal)];

    public void Write(Utf8JsonWriter writer, EventEnvelope envelope, string? environment)
    {
        writer.WriteStartObject(TagsName);
        writer.WriteString(ServiceTag, TagValue(envelope.Service));
        writer.WriteString(EventNameTag, TagValue(envelope.Name));
        if (environment is not null) writer.WriteString(EnvironmentTag, TagValue(environment));
        if (envelope.Actor is { } actor) writer.WriteString(ActorTypeTag, TagValue(actor.Type));
        if (envelope.Scope is { } scope)
        {
            writer.WriteString(ScopeTypeTag, TagValue(scope.Type));
            if (scope.Id is not null) writer.WriteString(ScopeIdTag, TagValue(scope.Id));
        }

        if (envelope.Error?.Code is { } code) writer.WriteString(ErrorCodeTag, TagValue(code));
        foreach (ref readonly var tag in envelope.Tags.AsSpan())
        {
            if (!Reserved.Contains(tag.Key)) writer.WriteString(tag.Key, TagValue(tag.Value.ToString()));
        }

        foreach (var key in _tagAttributes)
        {
            if (HasKey(envelope.Tags, key)) continue;
            foreach (ref readonly var attribute in envelope.Attributes.AsSpan())
            {
                if (!string.Equals(attribute.Key, key, StringComparison.Ordinal)) continue;
                writer.WriteString(key, TagValue(attribute.Value.ToString()));
                break;
            }
        }

        writer.WriteEndObject();
    }

    private static bool HasKey(KeyValue[] entries, string key)
    {
        foreach (ref readonly var entry in entries.AsSpan())
        {
            if (string.Equals(entry.Key, key, StringComparison.Ordinal)) return true;
        }

        return false;
    }

    /// <summary>Sentry refuses tag values over 200 characters or with line breaks; such values are cut to the first line and the limit.</summary>
    private static ReadOnlySpan<char> TagValue(string value)
    {
        var span = value.AsSpan();
        var newline = span.IndexOfAny('\r', '\n');
        if (newline >= 0) span = span[..newline];
        return span.Length > MaxTagValueLength ? span[..MaxTagValueLength] : span;
    }
}
