using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Gateway.Testing.Chat;

/// <summary>
/// A Slack incoming webhook: 200 with the plain text <c>ok</c> when the message is taken; 400 with <c>invalid_payload</c>
/// (not JSON), <c>no_text</c> (neither text nor blocks) or <c>invalid_blocks</c> (a Block Kit limit broken: more than 50
/// blocks, a header over 150 characters or not plain_text, section text over 3000, more than 10 fields or one over 2000,
/// a context with more than 10 elements, a button text over 75 or URL over 3000, empty texts); 429 with Retry-After on demand.
/// </summary>
public sealed class SlackDouble : IChatDouble
{
    private const string Path = "/services/T0GATEWAY/B0GATEWAY/secret";

    private readonly LoopbackServer _server;

    private SlackDouble(LoopbackServer server) => _server = server;

    public Uri WebhookUrl => new(_server.Address, Path.TrimStart('/'));

    public RecordedTraffic Traffic { get; } = new();

    public static async Task<SlackDouble> StartAsync()
    {
        SlackDouble? self = null;
        var server = await LoopbackServer.StartAsync(app => app.MapPost(Path, (HttpContext context) => self!.HandleAsync(context))).ConfigureAwait(false);
        self = new SlackDouble(server);
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
            await Answer(context, 429, "rate_limited").ConfigureAwait(false);
            return;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            await Reject(context, "invalid_payload", "body is not JSON").ConfigureAwait(false);
            return;
        }

        using (document)
        {
            var root = document.RootElement;
            var hasText = root.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String && text.GetString()!.Length > 0;
            var hasBlocks = root.TryGetProperty("blocks", out var blocks);
            if (!hasText && !hasBlocks)
            {
                await Reject(context, "no_text", "neither text nor blocks").ConfigureAwait(false);
                return;
            }

            if (hasBlocks && CheckBlocks(blocks) is { } problem)
            {
                await Reject(context, "invalid_blocks", problem).ConfigureAwait(false);
                return;
            }

            Traffic.Accept(root);
        }

        await Answer(context, 200, "ok").ConfigureAwait(false);
    }

    /// <summary>The first Block Kit rule the blocks break, or null. Lengths are UTF-16 characters, as Slack counts them.</summary>
    internal static string? CheckBlocks(JsonElement blocks)
    {
        if (blocks.ValueKind != JsonValueKind.Array) return "blocks must be an array";
        if (blocks.GetArrayLength() > 50) return $"{blocks.GetArrayLength()} blocks, more than 50";
        var index = 0;
        foreach (var block in blocks.EnumerateArray())
        {
            var where = $"blocks[{index++}]";
            var type = block.TryGetProperty("type", out var t) ? t.GetString() : null;
            var problem = type switch
            {
                "header" => CheckText(block, "text", where, 150, plainOnly: true),
                "section" => CheckSection(block, where),
                "context" => CheckContext(block, where),
                "actions" => CheckActions(block, where),
                "divider" => null,
                _ => $"{where}: unsupported block type '{type}'",
            };
            if (problem is not null) return problem;
        }

        return null;
    }

    private static string? CheckSection(JsonElement block, string where)
    {
        var hasText = block.TryGetProperty("text", out _);
        var hasFields = block.TryGetProperty("fields", out var fields);
        if (!hasText && !hasFields) return $"{where}: a section needs text or fields";
        if (hasText && CheckText(block, "text", where, 3000) is { } textProblem) return textProblem;
        if (!hasFields) return null;
        if (fields.GetArrayLength() is 0 or > 10) return $"{where}.fields: {fields.GetArrayLength()} fields, must be 1 to 10";
        var i = 0;
        foreach (var field in fields.EnumerateArray())
        {
            if (CheckTextObject(field, $"{where}.fields[{i++}]", 2000, plainOnly: false) is { } problem) return problem;
        }

        return null;
    }

    private static string? CheckContext(JsonElement block, string where)
    {
        if (!block.TryGetProperty("elements", out var elements) || elements.GetArrayLength() is 0 or > 10) return $"{where}.elements: must hold 1 to 10 elements";
        var i = 0;
        foreach (var element in elements.EnumerateArray())
        {
            if (CheckTextObject(element, $"{where}.elements[{i++}]", 3000, plainOnly: false) is { } problem) return problem;
        }

        return null;
    }

    private static string? CheckActions(JsonElement block, string where)
    {
        if (!block.TryGetProperty("elements", out var elements) || elements.GetArrayLength() is 0 or > 25) return $"{where}.elements: must hold 1 to 25 elements";
        var i = 0;
        foreach (var button in elements.EnumerateArray())
        {
            var at = $"{where}.elements[{i++}]";
            if (!button.TryGetProperty("type", out var type) || type.GetString() != "button") return $"{at}: only buttons are expected here";
            if (CheckText(button, "text", at, 75, plainOnly: true) is { } problem) return problem;
            if (button.TryGetProperty("url", out var url) && (url.GetString()!.Length > 3000 || !Uri.TryCreate(url.GetString(), UriKind.Absolute, out _))) return $"{at}.url: not an absolute URL of at most 3000 characters";
        }

        return null;
    }

    private static string? CheckText(JsonElement owner, string property, string where, int max, bool plainOnly = false) =>
        owner.TryGetProperty(property, out var text) ? CheckTextObject(text, $"{where}.{property}", max, plainOnly) : $"{where}.{property} is missing";

    private static string? CheckTextObject(JsonElement text, string where, int max, bool plainOnly)
    {
        var type = text.TryGetProperty("type", out var t) ? t.GetString() : null;
        if (type is not ("plain_text" or "mrkdwn")) return $"{where}.type must be plain_text or mrkdwn";
        if (plainOnly && type != "plain_text") return $"{where}.type must be plain_text";
        var value = text.TryGetProperty("text", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : string.Empty;
        if (value.Length == 0) return $"{where}.text must not be empty";
        if (value.Length > max) return $"{where}.text: {value.Length} characters, more than {max}";
        return null;
    }

    private async Task Reject(HttpContext context, string error, string detail)
    {
        Traffic.Reject(400, $"{error} ({detail})");
        await Answer(context, 400, error).ConfigureAwait(false);
    }

    private static Task Answer(HttpContext context, int status, string text)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/html";
        return context.Response.WriteAsync(text);
    }
}
