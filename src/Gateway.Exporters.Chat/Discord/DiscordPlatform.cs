using System.Buffers;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Gateway.Envelope;
using Gateway.Exporters.Chat.Delivery;
using Gateway.Exporters.Chat.Text;

namespace Gateway.Exporters.Chat.Discord;

/// <summary>
/// Discord webhook: one embed (colour by level, fields, footer, timestamp) with mentions disabled, so event text can
/// never ping @everyone. With <c>?wait=true</c> Discord answers 200 with the created message, confirming delivery;
/// without it, 204. A 429 carries <c>retry_after</c> (seconds, fractional) in its JSON body, and the X-RateLimit-*
/// headers announce an empty bucket before a 429 happens.
/// </summary>
public sealed class DiscordPlatform(DiscordExporterOptions options) : ChatPlatform
{
    private const string Fence = "```";

    public override string Name => "discord";

    public override Uri RequestUri(Uri webhook)
    {
        var query = new StringBuilder(webhook.Query.TrimStart('?'));
        if (options.Wait) Append(query, "wait=true");
        if (options.ThreadId is { } thread) Append(query, "thread_id=" + Uri.EscapeDataString(thread));
        return new UriBuilder(webhook) { Query = query.ToString() }.Uri;

        static void Append(StringBuilder query, string parameter) => query.Append(query.Length > 0 ? "&" : string.Empty).Append(parameter);
    }

    public override void WritePayload(ChatContent content, ArrayBufferWriter<byte> buffer)
    {
        var embed = BuildEmbed(content);
        using var writer = new Utf8JsonWriter(buffer, ChatJson.WriterOptions);
        writer.WriteStartObject();
        if (options.Username is { } username) writer.WriteString("username", SafeText.Truncate(username, 80));
        writer.WriteStartObject("allowed_mentions");
        writer.WriteStartArray("parse");
        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteStartArray("embeds");
        writer.WriteStartObject();
        writer.WriteString("title", embed.Title);
        if (embed.Description is { Length: > 0 } description) writer.WriteString("description", description);
        writer.WriteNumber("color", LevelStyle.Rgb(content.Level));
        writer.WriteStartArray("fields");
        foreach (var (name, value, inline) in embed.Fields)
        {
            writer.WriteStartObject();
            writer.WriteString("name", name);
            writer.WriteString("value", value);
            writer.WriteBoolean("inline", inline);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        if (embed.Footer is { } footer)
        {
            writer.WriteStartObject("footer");
            writer.WriteString("text", footer);
            writer.WriteEndObject();
        }

        writer.WriteString("timestamp", content.Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    internal static DiscordEmbed BuildEmbed(ChatContent content)
    {
        var embed = new DiscordEmbed
        {
            Title = SafeText.Truncate($"{LevelStyle.Emoji(content.Level)} {content.Headline}", DiscordLimits.Title),
            Footer = content.EventId is null ? "telemetry gateway" : $"event {content.EventId}",
        };
        if (content.Service is { } service) embed.AddField("Service", content.Environment is null ? service : $"{service} · {content.Environment}");
        embed.AddField("Level", content.Level.ToName());
        if (content.Actor is { } actor) embed.AddField("Actor", actor);
        if (content.Scope is { } scope) embed.AddField("Scope", scope);
        foreach (var (key, value) in content.Attributes) embed.AddField(key, value);
        if (LinksOf(content) is { } links) embed.AddField("Links", links, inline: false);

        var budget = Math.Min(DiscordLimits.Description, DiscordLimits.EmbedTotal - embed.LengthWithoutDescription());
        embed.Description = content.Notice.Kind switch
        {
            NoticeKind.Event => EventDescription(content, budget),
            NoticeKind.GroupSummary => SafeText.Truncate(content.ErrorName is null ? content.SummaryLine! : $"{content.SummaryLine}\n**{content.ErrorName}**", budget),
            _ => SafeText.Truncate(content.SummaryLine + "\n\n" + string.Join('\n', content.HeldBackLines), budget),
        };
        return embed;
    }

    protected override string ErrorText(string body)
    {
        // {"message": "Invalid Form Body", "code": 50035, "errors": {...}}: the message and the offending fields.
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            var message = root.TryGetProperty("message", out var m) ? m.GetString() : null;
            var errors = root.TryGetProperty("errors", out var e) ? e.GetRawText() : null;
            return Shorten(errors is null ? message ?? body : $"{message} {errors}");
        }
        catch (JsonException)
        {
            return Shorten(body);
        }
    }

    protected override TimeSpan? RetryAfter(HttpResponseMessage response, string body, DateTimeOffset now)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.TryGetProperty("retry_after", out var retryAfter) && retryAfter.TryGetDouble(out var seconds)) return TimeSpan.FromSeconds(seconds);
        }
        catch (JsonException)
        {
            // Cloudflare-level 429s are HTML; the header still says how long.
        }

        return base.RetryAfter(response, body, now) ?? ResetAfter(response.Headers);
    }

    protected override TimeSpan? PauseAfterSuccess(HttpResponseMessage response) =>
        Header(response.Headers, "X-RateLimit-Remaining") == "0" ? ResetAfter(response.Headers) : null;

    private static TimeSpan? ResetAfter(HttpResponseHeaders headers) =>
        double.TryParse(Header(headers, "X-RateLimit-Reset-After"), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) ? TimeSpan.FromSeconds(seconds) : null;

    private static string? Header(HttpResponseHeaders headers, string name)
    {
        if (!headers.TryGetValues(name, out var values)) return null;
        foreach (var value in values) return value;
        return null;
    }

    /// <summary>Message, then the error and its stack in a code block; the stack gets what the message and error leave.</summary>
    private static string EventDescription(ChatContent content, int budget)
    {
        var message = content.Message is { Length: > 0 } m ? SafeText.Truncate(m, Math.Min(1500, budget / 3)) : null;
        string? error = null;
        if (content.ErrorName is not null || content.ErrorMessage is not null)
        {
            error = content.ErrorName is null ? string.Empty : $"**{content.ErrorName}**";
            if (content.ErrorMessage is { } errorMessage) error += (error.Length > 0 ? ": " : string.Empty) + errorMessage;
            error = SafeText.Truncate(error, Math.Min(600, budget / 4));
        }

        var description = new StringBuilder(budget);
        if (message is not null) description.Append(message);
        if (error is not null) description.Append(description.Length > 0 ? "\n\n" : string.Empty).Append(error);
        if (content.Stack is { } stack)
        {
            var room = budget - description.Length - (2 * Fence.Length) - 3;
            if (room > 40)
            {
                var code = SafeText.Truncate(stack.Replace(Fence, "``\u200b`", StringComparison.Ordinal), room);
                description.Append('\n').Append(Fence).Append('\n').Append(code).Append('\n').Append(Fence);
            }
        }

        return SafeText.Truncate(description.ToString(), budget);
    }

    private static string? LinksOf(ChatContent content)
    {
        var links = new StringBuilder();
        Append(links, "Open in Kibana", content.KibanaUrl);
        Append(links, "Open in Sentry", content.SentryUrl);
        return links.Length == 0 ? null : links.ToString();

        static void Append(StringBuilder links, string text, string? url)
        {
            if (url is null) return;
            // Markdown ends a link at the first ')', and Kibana links are full of them; Kibana decodes %28/%29.
            var link = $"[{text}]({url.Replace("(", "%28", StringComparison.Ordinal).Replace(")", "%29", StringComparison.Ordinal)})";
            if (links.Length + link.Length + 3 > DiscordLimits.FieldValue) return;
            links.Append(links.Length > 0 ? " · " : string.Empty).Append(link);
        }
    }
}
