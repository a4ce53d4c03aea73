using System.Globalization;
using System.Text.Json;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Gateway.Testing.Chat;

/// <summary>
/// A receiver of the generic webhook, as a careful user would write one: it verifies the HMAC signature over the
/// timestamp and body (401 when missing or wrong, 400 when the body is not JSON), answers 200, and 429 with Retry-After on demand.
/// </summary>
public sealed class WebhookDouble : IChatDouble
{
    private const string Path = "/hooks/gateway";

    private readonly LoopbackServer _server;
    private readonly string _secret;
    private readonly System.Collections.Concurrent.ConcurrentQueue<Dictionary<string, string>> _headers = new();

    private WebhookDouble(LoopbackServer server, string secret)
    {
        _server = server;
        _secret = secret;
    }

    public Uri WebhookUrl => new(_server.Address, Path.TrimStart('/'));

    public RecordedTraffic Traffic { get; } = new();

    /// <summary>Request headers of the accepted posts.</summary>
    public IReadOnlyList<Dictionary<string, string>> AcceptedHeaders => [.. _headers];

    public static async Task<WebhookDouble> StartAsync(string secret)
    {
        WebhookDouble? self = null;
        var server = await LoopbackServer.StartAsync(app => app.MapPost(Path, (HttpContext context) => self!.HandleAsync(context))).ConfigureAwait(false);
        self = new WebhookDouble(server, secret);
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

        var signature = context.Request.Headers["X-Gateway-Signature"].ToString();
        if (!long.TryParse(context.Request.Headers["X-Gateway-Timestamp"], NumberStyles.None, CultureInfo.InvariantCulture, out var timestamp)
            || !IsSignedBySecret(timestamp, body, signature))
        {
            await Reject(context, 401, "signature missing or invalid").ConfigureAwait(false);
            return;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            Traffic.Accept(document.RootElement);
            _headers.Enqueue(context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase));
        }
        catch (JsonException)
        {
            await Reject(context, 400, "body is not JSON").ConfigureAwait(false);
            return;
        }

        context.Response.StatusCode = 200;
    }

    /// <summary>Computed here independently of the exporter: "sha256=" + hex HMAC-SHA256 of "{timestamp}.{body}".</summary>
    private bool IsSignedBySecret(long timestamp, byte[] body, string signature)
    {
        var signed = Encoding.ASCII.GetBytes(timestamp.ToString(CultureInfo.InvariantCulture) + ".").Concat(body).ToArray();
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(_secret), signed));
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature));
    }

    private async Task Reject(HttpContext context, int status, string reason)
    {
        Traffic.Reject(status, reason);
        context.Response.StatusCode = status;
        await context.Response.WriteAsync(reason).ConfigureAwait(false);
    }
}
