using System.Text.Json;
using Gateway.Envelope;
using Gateway.Exporters.Sentry.StackTraces;

namespace Gateway.Exporters.Sentry.Events;

/// <summary>
/// Writes <c>exception.values</c>: the parsed causes first and the caught exception last, each with its frames oldest
/// call first. Frames are the SDK's <c>SentryStackFrame</c>, written by the SDK's own serializer.
/// </summary>
internal sealed class SentryExceptionWriter(InAppRules inApp)
{
    private static readonly JsonEncodedText ExceptionName = JsonEncodedText.Encode("exception");
    private static readonly JsonEncodedText ValuesName = JsonEncodedText.Encode("values");
    private static readonly JsonEncodedText TypeName = JsonEncodedText.Encode("type");
    private static readonly JsonEncodedText ValueName = JsonEncodedText.Encode("value");
    private static readonly JsonEncodedText StacktraceName = JsonEncodedText.Encode("stacktrace");
    private static readonly JsonEncodedText FramesName = JsonEncodedText.Encode("frames");
    private static readonly JsonEncodedText MechanismName = JsonEncodedText.Encode("mechanism");
    private static readonly JsonEncodedText HandledName = JsonEncodedText.Encode("handled");
    private static readonly JsonEncodedText MechanismType = JsonEncodedText.Encode("otel.log");
    private static readonly JsonEncodedText UnnamedCause = JsonEncodedText.Encode("Error");

    public void Write(Utf8JsonWriter writer, EventEnvelope envelope, ErrorInfo error, IReadOnlyList<ParsedException> chain, string platform)
    {
        writer.WriteStartObject(ExceptionName);
        writer.WriteStartArray(ValuesName);
        for (var i = 0; i < chain.Count - 1; i++)
        {
            var cause = chain[i];
            writer.WriteStartObject();
            if (cause.Type is null) writer.WriteString(TypeName, UnnamedCause);
            else writer.WriteString(TypeName, cause.Type);
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
        // A logged error was caught by the app; a fatal one is what Sentry calls unhandled (a crash).
        writer.WriteBoolean(HandledName, envelope.Level != EventLevel.Fatal);
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private void WriteFrames(Utf8JsonWriter writer, ParsedException exception, string platform)
    {
        if (exception.Frames.Count == 0) return;
        inApp.Apply(exception.Frames, platform);
        writer.WriteStartObject(StacktraceName);
        writer.WriteStartArray(FramesName);
        foreach (var frame in exception.Frames) frame.WriteTo(writer, null);
        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}
