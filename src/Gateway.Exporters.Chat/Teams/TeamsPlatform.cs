using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Gateway.Envelope;
using Gateway.Exporters.Chat.Delivery;
using Gateway.Exporters.Chat.Text;

namespace Gateway.Exporters.Chat.Teams;

/// <summary>
/// Teams Workflows webhook: a message with one Adaptive Card (TextBlocks coloured by level, a FactSet, the stack in
/// monospace, Action.OpenUrl links). Teams limits the message to about 28 KB, so the card is written, measured, and
/// rewritten with shorter long texts until it fits. Teams answers 202, which means accepted for delivery, nothing more.
/// </summary>
public sealed class TeamsPlatform : ChatPlatform
{
    private const int StartingTextLength = 12_000;

    public override string Name => "teams";

    public override void WritePayload(ChatContent content, ArrayBufferWriter<byte> buffer)
    {
        for (var textLength = StartingTextLength; ; textLength /= 2)
        {
            buffer.ResetWrittenCount();
            WriteCard(content, buffer, textLength);
            if (buffer.WrittenCount <= TeamsLimits.TargetBytes || textLength < 64) return;
        }
    }

    private static void WriteCard(ChatContent content, ArrayBufferWriter<byte> buffer, int textLength)
    {
        using var writer = new Utf8JsonWriter(buffer, ChatJson.WriterOptions);
        writer.WriteStartObject();
        writer.WriteString("type", "message");
        writer.WriteStartArray("attachments");
        writer.WriteStartObject();
        writer.WriteString("contentType", "application/vnd.microsoft.card.adaptive");
        writer.WriteStartObject("content");
        writer.WriteString("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
        writer.WriteString("type", "AdaptiveCard");
        writer.WriteString("version", "1.4");
        writer.WriteStartObject("msteams");
        writer.WriteString("width", "Full");
        writer.WriteEndObject();
        writer.WriteStartArray("body");
        WriteText(writer, $"{LevelStyle.Emoji(content.Level)} {SafeText.Truncate(content.Headline, 500)}", style: "headline", LevelStyle.AdaptiveColor(content.Level));
        if (content.Service is { } service) WriteText(writer, content.Environment is null ? service : $"{service} · {content.Environment}", style: "subtle");
        switch (content.Notice.Kind)
        {
            case NoticeKind.Event:
                if (content.Message is { Length: > 0 } message) WriteText(writer, SafeText.Truncate(message, textLength));
                WriteFacts(writer, content, textLength);
                if (content.Stack is { } stack) WriteText(writer, SafeText.Truncate(stack, textLength), style: "code");
                break;
            case NoticeKind.GroupSummary:
                WriteText(writer, content.SummaryLine!);
                WriteFacts(writer, content, textLength);
                break;
            default:
                WriteText(writer, content.SummaryLine!);
                if (content.HeldBackLines.Count > 0) WriteText(writer, SafeText.Truncate(string.Join("\n\n", content.HeldBackLines), textLength));
                break;
        }

        writer.WriteEndArray();
        WriteActions(writer, content);
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteFacts(Utf8JsonWriter writer, ChatContent content, int textLength)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "FactSet");
        writer.WriteStartArray("facts");
        WriteFact(writer, "Level", content.Level.ToName());
        if (content.ErrorName is { } errorName) WriteFact(writer, "Error", errorName);
        if (content.ErrorMessage is { } errorMessage) WriteFact(writer, "Error message", SafeText.Truncate(errorMessage, Math.Min(1000, textLength / 4)));
        if (content.Actor is { } actor) WriteFact(writer, "Actor", actor);
        if (content.Scope is { } scope) WriteFact(writer, "Scope", scope);
        foreach (var (key, value) in content.Attributes) WriteFact(writer, key, SafeText.Truncate(value, Math.Min(500, textLength / 16)));
        WriteFact(writer, "Time", content.Time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture));
        if (content.EventId is { } id) WriteFact(writer, "Event id", id);
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteFact(Utf8JsonWriter writer, string title, string value)
    {
        writer.WriteStartObject();
        writer.WriteString("title", SafeText.Truncate(title, 200));
        writer.WriteString("value", value);
        writer.WriteEndObject();
    }

    private static void WriteText(Utf8JsonWriter writer, string text, string? style = null, string? color = null)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "TextBlock");
        writer.WriteString("text", text);
        writer.WriteBoolean("wrap", true);
        switch (style)
        {
            case "headline":
                writer.WriteString("weight", "Bolder");
                writer.WriteString("size", "Medium");
                break;
            case "subtle":
                writer.WriteBoolean("isSubtle", true);
                writer.WriteString("spacing", "None");
                break;
            case "code":
                writer.WriteString("fontType", "Monospace");
                writer.WriteString("size", "Small");
                break;
        }

        if (color is not null) writer.WriteString("color", color);
        writer.WriteEndObject();
    }

    private static void WriteActions(Utf8JsonWriter writer, ChatContent content)
    {
        if (!content.HasLinks) return;
        writer.WriteStartArray("actions");
        if (content.KibanaUrl is { } kibana) WriteOpenUrl(writer, "Open in Kibana", kibana);
        if (content.SentryUrl is { } sentry) WriteOpenUrl(writer, "Open in Sentry", sentry);
        writer.WriteEndArray();
    }

    private static void WriteOpenUrl(Utf8JsonWriter writer, string title, string url)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "Action.OpenUrl");
        writer.WriteString("title", title);
        writer.WriteString("url", url);
        writer.WriteEndObject();
    }
}
