using System.Buffers;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Gateway.Envelope;
using Gateway.Exporters.Chat.Delivery;

namespace Gateway.Exporters.Chat.Webhook;

/// <summary>
/// A generic JSON POST: <c>kind</c> (event, group_summary, held_back_summary), a one-line <c>text</c>, the links, and the
/// envelope in its canonical JSON form, so a receiver gets everything the gateway knows. Any 2xx is success, 429 and
/// 5xx are retried, other 4xx are refusals.
/// </summary>
public sealed class WebhookPlatform(WebhookExporterOptions options) : ChatPlatform
{
    private static readonly JsonEncodedText EventName = JsonEncodedText.Encode("event");
    private static readonly JsonEncodedText FirstName = JsonEncodedText.Encode("first");
    private static readonly JsonEncodedText LastName = JsonEncodedText.Encode("last");

    public override string Name => "webhook";

    public override void WritePayload(ChatContent content, ArrayBufferWriter<byte> buffer)
    {
        var notice = content.Notice;
        using var writer = new Utf8JsonWriter(buffer, ChatJson.WriterOptions);
        writer.WriteStartObject();
        writer.WriteString("kind", notice.Kind switch { NoticeKind.Event => "event", NoticeKind.GroupSummary => "group_summary", _ => "held_back_summary" });
        writer.WriteString("text", content.SummaryLine is null ? content.Headline : $"{content.Headline}: {content.SummaryLine}");
        writer.WriteString("level", content.Level.ToName());
        if (notice.Kind != NoticeKind.Event)
        {
            writer.WriteNumber("count", notice.Count);
            EnvelopeJson.WriteTime(writer, FirstName, notice.FirstUnixNano);
            EnvelopeJson.WriteTime(writer, LastName, notice.LastUnixNano);
        }

        if (content.HasLinks)
        {
            writer.WriteStartObject("links");
            if (content.KibanaUrl is { } kibana) writer.WriteString("kibana", kibana);
            if (content.SentryUrl is { } sentry) writer.WriteString("sentry", sentry);
            writer.WriteEndObject();
        }

        if (notice.Envelope is { } envelope)
        {
            writer.WritePropertyName(EventName);
            EnvelopeJson.Write(writer, envelope);
        }

        if (notice.Kind == NoticeKind.HeldBackSummary)
        {
            writer.WriteStartArray("groups");
            foreach (var group in notice.HeldBack)
            {
                writer.WriteStartObject();
                writer.WriteNumber("count", group.Count);
                writer.WritePropertyName(EventName);
                EnvelopeJson.Write(writer, group.Example);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    public override void AddHeaders(HttpRequestHeaders headers, ReadOnlySpan<byte> body, DateTimeOffset now)
    {
        foreach (var (name, value) in options.Headers) headers.TryAddWithoutValidation(name, value);
        if (options.Secret is not { } secret) return;
        var timestamp = now.ToUnixTimeSeconds();
        headers.TryAddWithoutValidation(options.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        headers.TryAddWithoutValidation(options.SignatureHeader, WebhookSignature.Compute(secret, timestamp, body));
    }
}
