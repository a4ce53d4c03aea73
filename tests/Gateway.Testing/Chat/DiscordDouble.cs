using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Gateway.Testing.Chat;

/// <summary>
/// A Discord channel webhook: 204, or with <c>?wait=true</c> 200 and the created message; 400 with Discord's error JSON
/// (<c>{"message":"Invalid Form Body","code":50035,"errors":{...}}</c>) when a limit is broken: content over 2000, more than
/// 10 embeds, title over 256, description over 4096, more than 25 fields, a field name over 256 or value over 1024 (or
/// empty), footer over 2048, or more than 6000 characters across all embeds; 50006 for an empty message. Lengths are
/// counted in code points, as Discord does. On demand, 429 with <c>retry_after</c> in the body and X-RateLimit-* headers.
/// </summary>
public sealed class DiscordDouble : IChatDouble
{
    private const string Path = "/api/webhooks/1180000000000000001/gateway-token";

    private readonly LoopbackServer _server;
    private long _nextMessageId = 1190000000000000000;
    private long _bucketEmptyTicks = -1;

    private DiscordDouble(LoopbackServer server) => _server = server;

    public Uri WebhookUrl => new(_server.Address, Path.TrimStart('/'));

    public RecordedTraffic Traffic { get; } = new();

    /// <summary>The query strings the posts carried (wait, thread_id).</summary>
    public IReadOnlyList<string> Queries => [.. _queries];

    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _queries = new();

    /// <summary>
    /// From now on, successful answers say the bucket is empty (X-RateLimit-Remaining: 0) and refills after
    /// <paramref name="resetAfter"/>, as Discord does before it would answer 429.
    /// </summary>
    public void ReportEmptyBucket(TimeSpan resetAfter) => Volatile.Write(ref _bucketEmptyTicks, resetAfter.Ticks);

    public static async Task<DiscordDouble> StartAsync()
    {
        DiscordDouble? self = null;
        var server = await LoopbackServer.StartAsync(app => app.MapPost(Path, (HttpContext context) => self!.HandleAsync(context))).ConfigureAwait(false);
        self = new DiscordDouble(server);
        return self;
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private async Task HandleAsync(HttpContext context)
    {
        using var _ = Traffic.Enter();
        _queries.Enqueue(context.Request.QueryString.Value ?? string.Empty);
        var body = await DoubleBodies.ReadAsync(context.Request).ConfigureAwait(false);
        if (Traffic.TakeRateLimit())
        {
            var seconds = Traffic.RateLimitDelay.TotalSeconds;
            var headers = context.Response.Headers;
            headers.RetryAfter = Math.Ceiling(seconds).ToString(CultureInfo.InvariantCulture);
            headers["X-RateLimit-Limit"] = "5";
            headers["X-RateLimit-Remaining"] = "0";
            headers["X-RateLimit-Reset-After"] = seconds.ToString(CultureInfo.InvariantCulture);
            headers["X-RateLimit-Bucket"] = "gateway-webhook-bucket";
            await Json(context, 429, new JsonObject { ["message"] = "You are being rate limited.", ["retry_after"] = seconds, ["global"] = false }).ConfigureAwait(false);
            return;
        }

        JsonNode? payload;
        try
        {
            payload = JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            await Reject(context, 50109, "The request body contains invalid JSON.", null).ConfigureAwait(false);
            return;
        }

        if (payload is not JsonObject message)
        {
            await Reject(context, 50109, "The request body contains invalid JSON.", null).ConfigureAwait(false);
            return;
        }

        var content = message["content"]?.GetValue<string>();
        var embeds = message["embeds"] as JsonArray;
        if (string.IsNullOrEmpty(content) && (embeds is null || embeds.Count == 0))
        {
            await Reject(context, 50006, "Cannot send an empty message", null).ConfigureAwait(false);
            return;
        }

        if (Check(content, embeds) is { } problem)
        {
            await Reject(context, 50035, "Invalid Form Body", problem).ConfigureAwait(false);
            return;
        }

        using (var document = JsonDocument.Parse(body)) Traffic.Accept(document.RootElement);
        var emptyTicks = Volatile.Read(ref _bucketEmptyTicks);
        TimeSpan? emptyFor = emptyTicks < 0 ? null : TimeSpan.FromTicks(emptyTicks);
        context.Response.Headers["X-RateLimit-Limit"] = "5";
        context.Response.Headers["X-RateLimit-Remaining"] = emptyFor is null ? "4" : "0";
        context.Response.Headers["X-RateLimit-Reset-After"] = (emptyFor?.TotalSeconds ?? 2).ToString(CultureInfo.InvariantCulture);
        if (context.Request.Query["wait"] != "true")
        {
            context.Response.StatusCode = 204;
            return;
        }

        message["id"] = Interlocked.Increment(ref _nextMessageId).ToString(CultureInfo.InvariantCulture);
        message["webhook_id"] = "1180000000000000001";
        message["type"] = 0;
        message["timestamp"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
        await Json(context, 200, message).ConfigureAwait(false);
    }

    /// <summary>Discord's form errors: a tree following the payload's path, with _errors at the leaf.</summary>
    private static JsonObject? Check(string? content, JsonArray? embeds)
    {
        if (content is not null && DoubleBodies.CodePoints(content) > 2000) return Error(["content"], "BASE_TYPE_MAX_LENGTH", "Must be 2000 or fewer in length.");
        if (embeds is null) return null;
        if (embeds.Count > 10) return Error(["embeds"], "BASE_TYPE_MAX_LENGTH", "Must be 10 or fewer in length.");
        var total = 0;
        for (var i = 0; i < embeds.Count; i++)
        {
            var at = i.ToString(CultureInfo.InvariantCulture);
            if (embeds[i] is not JsonObject embed) return Error(["embeds", at], "MODEL_TYPE_CONVERT", "Only dictionaries may be used in a ModelType");
            var problem = Length(embed["title"], 256, ["embeds", at, "title"], ref total)
                ?? Length(embed["description"], 4096, ["embeds", at, "description"], ref total)
                ?? Length(embed["footer"]?["text"], 2048, ["embeds", at, "footer", "text"], ref total)
                ?? Length(embed["author"]?["name"], 256, ["embeds", at, "author", "name"], ref total);
            if (problem is not null) return problem;
            if (embed["fields"] is JsonArray fields)
            {
                if (fields.Count > 25) return Error(["embeds", at, "fields"], "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.");
                for (var f = 0; f < fields.Count; f++)
                {
                    var field = f.ToString(CultureInfo.InvariantCulture);
                    problem = Required(fields[f]?["name"], 256, ["embeds", at, "fields", field, "name"], ref total)
                        ?? Required(fields[f]?["value"], 1024, ["embeds", at, "fields", field, "value"], ref total);
                    if (problem is not null) return problem;
                }
            }
        }

        return total > 6000 ? Error(["embeds"], "MAX_EMBED_SIZE_EXCEEDED", "Embed size exceeds maximum size of 6000") : null;
    }

    private static JsonObject? Length(JsonNode? node, int max, string[] path, ref int total)
    {
        if (node is null) return null;
        var length = DoubleBodies.CodePoints(node.GetValue<string>());
        total += length;
        return length > max ? Error(path, "BASE_TYPE_MAX_LENGTH", $"Must be {max} or fewer in length.") : null;
    }

    private static JsonObject? Required(JsonNode? node, int max, string[] path, ref int total)
    {
        if (node is null || node.GetValue<string>().Length == 0) return Error(path, "BASE_TYPE_REQUIRED", "This field is required");
        return Length(node, max, path, ref total);
    }

    private static JsonObject Error(string[] path, string code, string message)
    {
        JsonNode leaf = new JsonObject { ["_errors"] = new JsonArray(new JsonObject { ["code"] = code, ["message"] = message }) };
        for (var i = path.Length - 1; i >= 0; i--) leaf = new JsonObject { [path[i]] = leaf };
        return (JsonObject)leaf;
    }

    private async Task Reject(HttpContext context, int code, string message, JsonObject? errors)
    {
        var answer = new JsonObject { ["message"] = message, ["code"] = code };
        if (errors is not null) answer["errors"] = errors;
        Traffic.Reject(400, answer.ToJsonString());
        await Json(context, 400, answer).ConfigureAwait(false);
    }

    private static Task Json(HttpContext context, int status, JsonNode body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(body.ToJsonString());
    }
}
