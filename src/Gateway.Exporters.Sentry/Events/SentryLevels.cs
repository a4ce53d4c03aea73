using System.Text.Json;
using Gateway.Envelope;

namespace Gateway.Exporters.Sentry.Events;

/// <summary>Sentry's level names; the envelope's "warn" is Sentry's "warning".</summary>
public static class SentryLevels
{
    private static readonly JsonEncodedText Debug = JsonEncodedText.Encode("debug");
    private static readonly JsonEncodedText Info = JsonEncodedText.Encode("info");
    private static readonly JsonEncodedText Warning = JsonEncodedText.Encode("warning");
    private static readonly JsonEncodedText Error = JsonEncodedText.Encode("error");
    private static readonly JsonEncodedText Fatal = JsonEncodedText.Encode("fatal");

    public static JsonEncodedText Of(EventLevel level) => level switch
    {
        EventLevel.Debug => Debug,
        EventLevel.Info => Info,
        EventLevel.Warn => Warning,
        EventLevel.Fatal => Fatal,
        _ => Error,
    };
}
