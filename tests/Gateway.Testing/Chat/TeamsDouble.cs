using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Gateway.Testing.Chat;

/// <summary>
/// A Teams Workflows webhook ("When a Teams webhook request is received"): 202 Accepted for a message carrying Adaptive
/// Cards; 400 with an explanation when the body is not such a message (wrong type, no attachment, wrong contentType, a
/// card without type/version/body, a TextBlock without text, a FactSet fact without title or value, an OpenUrl without
/// an absolute url) or when it exceeds Teams' ~28 KB message size; 429 with Retry-After on demand.
/// </summary>
public sealed class TeamsDouble : IChatDouble
{
    public const int MaxMessageBytes = 28 * 1024;

    private const string Path = "/workflows/gateway/triggers/manual/paths/invoke";

    private readonly LoopbackServer _server;

    private TeamsDouble(LoopbackServer server) => _server = server;

    public Uri WebhookUrl => new(_server.Address, Path.TrimStart('/') + "?api-version=2016-06-01&sig=test-signature");

    public RecordedTraffic Traffic { get; } = new();

    public static async Task<TeamsDouble> StartAsync()
    {
        TeamsDouble? self = null;
        var server = await LoopbackServer.StartAsync(app => app.MapPost(Path, (HttpContext context) => self!.HandleAsync(context))).ConfigureAwait(false);
        self = new TeamsDouble(server);
        return self;
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private async Task HandleAsync(HttpContext context)
    {
        using var _ = Traffic.Enter();
        var body = await DoubleBodies.ReadAsync(context.Request).ConfigureAwait(false);
        if (Traffic.TakeRateLimit())
        {
            context.Response.Headers.RetryAfter = Math.Ceiling(Traffic.RateLimitDelay.TotalSeconds).ToString(CultureInfo.InvariantCulture);
            context.Response.StatusCode = 429;
            return;
        }

        if (context.Request.Query["sig"] != "test-signature")
        {
            await Reject(context, 401, "The workflow signature is missing or wrong").ConfigureAwait(false);
            return;
        }

        if (body.Length > MaxMessageBytes)
        {
            await Reject(context, 400, $"Message size {body.Length} bytes exceeds the limit of {MaxMessageBytes} bytes").ConfigureAwait(false);
            return;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            if (CheckMessage(document.RootElement) is { } problem)
            {
                await Reject(context, 400, problem).ConfigureAwait(false);
                return;
            }

            Traffic.Accept(document.RootElement);
        }
        catch (JsonException exception)
        {
            await Reject(context, 400, "The request content is not valid JSON: " + exception.Message).ConfigureAwait(false);
            return;
        }

        context.Response.StatusCode = 202;
    }

    internal static string? CheckMessage(JsonElement message)
    {
        if (Text(message, "type") != "message") return "type must be \"message\"";
        if (!message.TryGetProperty("attachments", out var attachments) || attachments.ValueKind != JsonValueKind.Array || attachments.GetArrayLength() == 0) return "attachments must hold at least one card";
        foreach (var attachment in attachments.EnumerateArray())
        {
            if (Text(attachment, "contentType") != "application/vnd.microsoft.card.adaptive") return "attachments[].contentType must be application/vnd.microsoft.card.adaptive";
            if (!attachment.TryGetProperty("content", out var card) || Text(card, "type") != "AdaptiveCard") return "attachments[].content.type must be AdaptiveCard";
            if (Text(card, "version") is null) return "the card has no version";
            if (!card.TryGetProperty("body", out var body) || body.ValueKind != JsonValueKind.Array) return "the card has no body array";
            foreach (var element in body.EnumerateArray())
            {
                if (CheckElement(element) is { } problem) return problem;
            }

            if (card.TryGetProperty("actions", out var actions))
            {
                foreach (var action in actions.EnumerateArray())
                {
                    if (Text(action, "type") != "Action.OpenUrl") return $"unexpected action type {Text(action, "type")}";
                    if (Text(action, "title") is null || !Uri.TryCreate(Text(action, "url"), UriKind.Absolute, out _)) return "Action.OpenUrl needs a title and an absolute url";
                }
            }
        }

        return null;
    }

    private static string? CheckElement(JsonElement element)
    {
        switch (Text(element, "type"))
        {
            case "TextBlock":
                return Text(element, "text") is null ? "a TextBlock has no text" : null;
            case "FactSet":
                if (!element.TryGetProperty("facts", out var facts) || facts.ValueKind != JsonValueKind.Array) return "a FactSet has no facts";
                foreach (var fact in facts.EnumerateArray())
                {
                    if (Text(fact, "title") is null || Text(fact, "value") is null) return "a fact needs a title and a value";
                }

                return null;
            case "Container" or "ColumnSet" or "Image" or "ActionSet" or "RichTextBlock":
                return null;
            default:
                return $"unknown card element type {Text(element, "type")}";
        }
    }

    private static string? Text(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private async Task Reject(HttpContext context, int status, string reason)
    {
        Traffic.Reject(status, reason);
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain";
        await context.Response.WriteAsync(reason).ConfigureAwait(false);
    }
}
