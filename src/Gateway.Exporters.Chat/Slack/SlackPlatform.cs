using System.Buffers;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Gateway.Envelope;
using Gateway.Exporters.Chat.Delivery;
using Gateway.Exporters.Chat.Text;

namespace Gateway.Exporters.Chat.Slack;

/// <summary>
/// Slack incoming webhook: Block Kit (header, section, section fields, a code block for the stack, context, buttons).
/// Block Kit has no colour outside legacy attachments, so the level shows as the header's emoji. Slack answers a
/// delivered message with the plain text <c>ok</c>, a refused one with 400 and a reason such as <c>invalid_blocks</c>.
/// </summary>
public sealed class SlackPlatform : ChatPlatform
{
    public override string Name => "slack";

    public override void WritePayload(ChatContent content, ArrayBufferWriter<byte> buffer)
    {
        using var writer = new Utf8JsonWriter(buffer, ChatJson.WriterOptions);
        var headline = $"{LevelStyle.Emoji(content.Level)} {content.Headline}";
        writer.WriteStartObject();
        writer.WriteString("text", Mrkdwn.Escape(content.Service is null ? headline : $"{headline} · {content.Service}", SlackLimits.FallbackText));
        writer.WriteStartArray("blocks");
        WriteHeader(writer, headline);
        switch (content.Notice.Kind)
        {
            case NoticeKind.Event:
                if (content.Message is { Length: > 0 } message) WriteSection(writer, Mrkdwn.Escape(message, SlackLimits.SectionText));
                WriteFields(writer, FieldsOf(content));
                if (ErrorTextOf(content) is { } error) WriteSection(writer, error);
                break;
            case NoticeKind.GroupSummary:
                WriteSection(writer, Mrkdwn.Escape(content.SummaryLine!, SlackLimits.SectionText));
                WriteFields(writer, FieldsOf(content));
                break;
            default:
                WriteSection(writer, Mrkdwn.Escape(content.SummaryLine!, SlackLimits.SectionText));
                if (content.HeldBackLines.Count > 0) WriteSection(writer, Mrkdwn.Escape(string.Join('\n', content.HeldBackLines), SlackLimits.SectionText));
                break;
        }

        WriteContext(writer, content);
        WriteLinks(writer, content);
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    protected override bool IsDelivered(HttpStatusCode status, string body) => body.Trim() == "ok";

    private static List<string> FieldsOf(ChatContent content)
    {
        var fields = new List<string>(5 + content.Attributes.Count);
        if (content.Service is { } service) AddField(fields, "Service", content.Environment is null ? service : $"{service} · {content.Environment}");
        AddField(fields, "Level", content.Level.ToName());
        if (content.Notice.Kind == NoticeKind.GroupSummary && content.ErrorName is { } errorName) AddField(fields, "Error", errorName);
        if (content.Actor is { } actor) AddField(fields, "Actor", actor);
        if (content.Scope is { } scope) AddField(fields, "Scope", scope);
        foreach (var (key, value) in content.Attributes) AddField(fields, key, value);
        return fields;
    }

    private static void AddField(List<string> fields, string title, string value)
    {
        var label = "*" + Mrkdwn.Escape(title, 200) + "*\n";
        fields.Add(label + Mrkdwn.Escape(value, SlackLimits.FieldText - label.Length));
    }

    /// <summary>"*InvalidOperationException*: Card declined" and the stack's top frames as a code block, in one section.</summary>
    private static string? ErrorTextOf(ChatContent content)
    {
        if (content.ErrorName is null && content.ErrorMessage is null && content.Stack is null) return null;
        var head = content.ErrorName is null ? string.Empty : "*" + Mrkdwn.Escape(content.ErrorName, 300) + "*";
        if (content.ErrorMessage is { } errorMessage) head += (head.Length > 0 ? ": " : string.Empty) + Mrkdwn.Escape(errorMessage, 1200);
        if (content.Stack is null) return head;
        return head + "\n" + Mrkdwn.CodeBlock(content.Stack, SlackLimits.SectionText - head.Length - 1);
    }

    private static void WriteHeader(Utf8JsonWriter writer, string text)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "header");
        writer.WriteStartObject("text");
        writer.WriteString("type", "plain_text");
        writer.WriteString("text", SafeText.Truncate(text, SlackLimits.HeaderText));
        writer.WriteBoolean("emoji", true);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteSection(Utf8JsonWriter writer, string mrkdwn)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "section");
        writer.WritePropertyName("text");
        WriteMrkdwn(writer, mrkdwn);
        writer.WriteEndObject();
    }

    private static void WriteFields(Utf8JsonWriter writer, List<string> fields)
    {
        for (var start = 0; start < fields.Count; start += SlackLimits.SectionFields)
        {
            writer.WriteStartObject();
            writer.WriteString("type", "section");
            writer.WriteStartArray("fields");
            for (var i = start; i < fields.Count && i < start + SlackLimits.SectionFields; i++) WriteMrkdwn(writer, fields[i]);
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
    }

    /// <summary>The time as Slack's date token, so each reader sees it in their own time zone; the fallback is UTC.</summary>
    private static void WriteContext(Utf8JsonWriter writer, ChatContent content)
    {
        var unix = content.Time.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var utc = content.Time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
        writer.WriteStartObject();
        writer.WriteString("type", "context");
        writer.WriteStartArray("elements");
        WriteMrkdwn(writer, $"<!date^{unix}^{{date_short_pretty}} {{time_secs}}|{utc}>");
        if (content.EventId is { } id) WriteMrkdwn(writer, $"event `{id}`");
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteLinks(Utf8JsonWriter writer, ChatContent content)
    {
        var kibana = content.KibanaUrl is { Length: <= SlackLimits.ButtonUrl } ? content.KibanaUrl : null;
        var sentry = content.SentryUrl is { Length: <= SlackLimits.ButtonUrl } ? content.SentryUrl : null;
        if (kibana is null && sentry is null) return;
        writer.WriteStartObject();
        writer.WriteString("type", "actions");
        writer.WriteStartArray("elements");
        if (kibana is not null) WriteButton(writer, "Open in Kibana", kibana, "open_kibana");
        if (sentry is not null) WriteButton(writer, "Open in Sentry", sentry, "open_sentry");
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteButton(Utf8JsonWriter writer, string text, string url, string actionId)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "button");
        writer.WriteStartObject("text");
        writer.WriteString("type", "plain_text");
        writer.WriteString("text", text);
        writer.WriteEndObject();
        writer.WriteString("url", url);
        writer.WriteString("action_id", actionId);
        writer.WriteEndObject();
    }

    private static void WriteMrkdwn(Utf8JsonWriter writer, string text)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "mrkdwn");
        writer.WriteString("text", text);
        writer.WriteEndObject();
    }
}
