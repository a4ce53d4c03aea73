using System.Collections.Concurrent;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Gateway.Testing.Sentry;

/// <summary>
/// Sentry's envelope ingestion on loopback (<c>POST /api/{project_id}/envelope/</c>), validating like Sentry: the
/// X-Sentry-Auth key must be the project's (401), gzip/deflate/br bodies are decompressed (415 for others), the envelope
/// and item headers are parsed (400 when malformed, including an event_id that is not 32 hex digits), events over
/// 1MiB of JSON or 200KiB compressed get 413, and scripted 429s carry Retry-After and X-Sentry-Rate-Limits.
/// </summary>
public sealed class SentryDouble : IAsyncDisposable
{
    public const int MaxCompressedEventBytes = 200 * 1024;
    public const int MaxEventBytes = 1024 * 1024;

    private readonly ConcurrentDictionary<string, string> _keys = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<ReceivedSentryEvent> _events = new();
    private readonly Queue<SentryScriptedAnswer> _script = new();
    private readonly object _scriptLock = new();
    private LoopbackServer? _server;
    private int _requests;

    /// <summary>Every event accepted so far, in arrival order.</summary>
    public IReadOnlyList<ReceivedSentryEvent> Events => [.. _events];

    /// <summary>Every POST that reached the endpoint, accepted or not.</summary>
    public int Requests => Volatile.Read(ref _requests);

    public Uri Address => _server?.Address ?? throw new InvalidOperationException("Call StartAsync first.");

    public static async Task<SentryDouble> StartAsync()
    {
        var sentry = new SentryDouble();
        sentry._server = await LoopbackServer.StartAsync(app => app.MapPost("/api/{projectId}/envelope/", sentry.HandleAsync)).ConfigureAwait(false);
        return sentry;
    }

    /// <summary>The DSN of a project (created on first use with its own key).</summary>
    public string Dsn(string projectId)
    {
        var key = _keys.GetOrAdd(projectId, _ => Guid.NewGuid().ToString("N"));
        return $"http://{key}@{Address.Authority}/{projectId}";
    }

    public IReadOnlyList<ReceivedSentryEvent> EventsOf(string projectId) => [.. _events.Where(e => e.ProjectId == projectId)];

    /// <summary>The next <paramref name="count"/> requests get 429 with Retry-After and, unless turned off, X-Sentry-Rate-Limits for errors.</summary>
    public void RespondWith429(TimeSpan retryAfter, int count = 1, bool rateLimitsHeader = true) =>
        Script(new SentryScriptedAnswer(429, retryAfter, rateLimitsHeader ? $"{(int)Math.Ceiling(retryAfter.TotalSeconds)}:error:key" : null) { Remaining = count });

    /// <summary>The next <paramref name="count"/> requests get <paramref name="status"/> (e.g. 503 for an outage).</summary>
    public void RespondWith(int status, int count = 1) => Script(new SentryScriptedAnswer(status, null, null) { Remaining = count });

    public async ValueTask DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync().ConfigureAwait(false);
    }

    private void Script(SentryScriptedAnswer answer)
    {
        lock (_scriptLock) _script.Enqueue(answer);
    }

    private SentryScriptedAnswer? NextScripted()
    {
        lock (_scriptLock)
        {
            while (_script.TryPeek(out var answer))
            {
                if (answer.Remaining > 0)
                {
                    answer.Remaining--;
                    return answer;
                }

                _script.Dequeue();
            }

            return null;
        }
    }

    private async Task<IResult> HandleAsync(HttpContext context, string projectId)
    {
        Interlocked.Increment(ref _requests);
        var key = SentryAuth.KeyOf(context.Request);
        if (key is null) return Refuse(401, "missing authorization information");
        if (!_keys.TryGetValue(projectId, out var projectKey)) return Refuse(403, "event submission rejected with_reason: ProjectId");
        if (!string.Equals(key, projectKey, StringComparison.Ordinal)) return Refuse(401, "invalid api key");

        if (NextScripted() is { } scripted)
        {
            if (scripted.RetryAfter is { } retryAfter) context.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (scripted.RateLimits is not null) context.Response.Headers["X-Sentry-Rate-Limits"] = scripted.RateLimits;
            return Refuse(scripted.Status, scripted.Status == 429 ? "event submission rejected with_reason: RateLimited" : "scripted failure");
        }

        var compressed = await ReadBodyAsync(context.Request).ConfigureAwait(false);
        if (compressed.Length > MaxCompressedEventBytes) return Refuse(413, "envelope exceeded size limits");
        byte[] body;
        try
        {
            body = Decompress(compressed, context.Request.Headers.ContentEncoding.ToString());
        }
        catch (NotSupportedException exception)
        {
            return Refuse(415, exception.Message);
        }
        catch (InvalidDataException)
        {
            return Refuse(400, "invalid body encoding");
        }

        try
        {
            return Accept(projectId, body);
        }
        catch (SentryEnvelopeFormatException exception)
        {
            return Refuse(400, exception.Message);
        }
    }

    private IResult Accept(string projectId, byte[] body)
    {
        var (header, items) = SentryEnvelopeReader.Read(body);
        string? eventId = header.TryGetProperty("event_id", out var headerId) ? headerId.GetString() : null;
        var accepted = new List<ReceivedSentryEvent>();
        foreach (var item in items)
        {
            if (item.Type != "event") continue;
            if (accepted.Count > 0) throw new SentryEnvelopeFormatException("duplicate event item");
            if (item.Payload.Length > MaxEventBytes) return Refuse(413, "envelope exceeded size limits for type 'event'");
            JsonElement payload;
            try
            {
                using var document = JsonDocument.Parse(item.Payload);
                payload = document.RootElement.Clone();
            }
            catch (JsonException exception)
            {
                throw new SentryEnvelopeFormatException($"invalid event payload: {exception.Message}");
            }

            if (payload.ValueKind != JsonValueKind.Object) throw new SentryEnvelopeFormatException("event payload is not a JSON object");
            if (!payload.TryGetProperty("event_id", out var payloadId) || !SentryEnvelopeReader.IsEventId(payloadId)) throw new SentryEnvelopeFormatException("invalid event_id in event payload");
            if (eventId is not null && payloadId.GetString() != eventId) throw new SentryEnvelopeFormatException("event_id of the payload differs from the envelope header");
            eventId ??= payloadId.GetString();
            accepted.Add(new ReceivedSentryEvent(projectId, payload, header, Encoding.UTF8.GetString(body)));
        }

        foreach (var received in accepted) _events.Enqueue(received);
        return Results.Json(new Dictionary<string, string?> { ["id"] = eventId });
    }

    private static IResult Refuse(int status, string detail) => Results.Json(new Dictionary<string, string> { ["detail"] = detail }, statusCode: status);

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer).ConfigureAwait(false);
        return buffer.ToArray();
    }

    private static byte[] Decompress(byte[] body, string encoding)
    {
        if (encoding.Length == 0 || encoding == "identity") return body;
        using var input = new MemoryStream(body);
        using Stream decoder = encoding switch
        {
            "gzip" => new GZipStream(input, CompressionMode.Decompress),
            "deflate" => new ZLibStream(input, CompressionMode.Decompress),
            "br" => new BrotliStream(input, CompressionMode.Decompress),
            _ => throw new NotSupportedException($"unsupported content encoding '{encoding}'"),
        };
        using var output = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = decoder.Read(chunk)) > 0)
        {
            // Sentry bounds the decompressed size too; reading past it would let a small body expand without limit.
            if (output.Length + read > 200L * 1024 * 1024) throw new InvalidDataException("decompressed body too large");
            output.Write(chunk, 0, read);
        }

        return output.ToArray();
    }
}
