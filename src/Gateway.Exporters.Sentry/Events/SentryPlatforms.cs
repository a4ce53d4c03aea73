using Gateway.Envelope;

namespace Gateway.Exporters.Sentry.Events;

/// <summary>Sentry's platform of an event, from the sender's <c>telemetry.sdk.language</c> resource attribute.</summary>
public static class SentryPlatforms
{
    public const string LanguageAttribute = "telemetry.sdk.language";

    public static string? FromLanguage(string? language) => language switch
    {
        "dotnet" => "csharp",
        "nodejs" or "webjs" or "javascript" => "javascript",
        "java" or "python" or "go" or "ruby" or "php" or "elixir" or "swift" => language,
        "cpp" => "native",
        _ => null,
    };

    public static string? LanguageOf(EventEnvelope envelope)
    {
        foreach (ref readonly var attribute in envelope.Resource.AsSpan())
        {
            if (attribute.Key == LanguageAttribute && attribute.Value.TryGetString(out var language)) return language;
        }

        return null;
    }
}
