using System.Net.Http.Headers;
using System.Text.Json;

namespace Gateway.Exporters.Sentry.Transport;

/// <summary>
/// POSTs one gzipped envelope to a DSN's envelope endpoint and reports the outcome. The SDK's own transport sends in
/// the background, hides status codes and drops rate-limited events; the gateway needs every outcome to keep or
/// retry each event, so it sends itself.
/// </summary>
public sealed class SentryTransport(HttpClient http, TimeProvider time)
{
    private static readonly MediaTypeHeaderValue EnvelopeContentType = new("application/x-sentry-envelope");

    public async Task<SentryAnswer> SendAsync(SentryDsn dsn, ReadOnlyMemory<byte> gzippedEnvelope, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, dsn.EnvelopeUri);
        request.Headers.TryAddWithoutValidation("X-Sentry-Auth", dsn.AuthHeader);
        request.Content = new ReadOnlyMemoryContent(gzippedEnvelope);
        request.Content.Headers.ContentType = EnvelopeContentType;
        request.Content.Headers.ContentEncoding.Add("gzip");
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var status = (int)response.StatusCode;
            var delay = SentryRateLimitHeaders.ErrorDelay(response.Headers, status, time.GetUtcNow());
            var detail = response.IsSuccessStatusCode ? null : await ReadDetailAsync(response, cancellationToken);
            return new SentryAnswer(status, delay, detail);
        }
        catch (HttpRequestException exception)
        {
            return new SentryAnswer(0, null, exception.Message);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new SentryAnswer(0, null, $"no answer within {http.Timeout.TotalSeconds:0.###}s");
        }
    }

    /// <summary>Sentry explains refusals as <c>{"detail": "..."}</c>; anything else is kept short and verbatim.</summary>
    private static async Task<string> ReadDetailAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("detail", out var detail) && detail.ValueKind == JsonValueKind.String)
            {
                return $"{(int)response.StatusCode}: {detail.GetString()}";
            }
        }
        catch (JsonException)
        {
        }

        return $"{(int)response.StatusCode}: {(body.Length > 200 ? body[..200] : body)}";
    }
}
