using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Gateway.Exporters.Otlp.Configuration;
using Gateway.Otlp.Compression;
using Gateway.Otlp.Proto.Collector.Logs.V1;

namespace Gateway.Exporters.Otlp.Transport;

/// <summary>
/// OTLP/HTTP: one POST per batch, answered as the spec says: 200 with partial_success, 429/502/503/504 retried after
/// Retry-After (or the backoff), any other status permanent with the server's google.rpc.Status message.
/// </summary>
internal sealed class OtlpHttpTransport : IOtlpTransport
{
    private const int MaxReasonLength = 300;
    private static readonly MediaTypeHeaderValue Protobuf = new("application/x-protobuf");
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    private readonly HttpClient _http;
    private readonly Uri _uri;
    private readonly OtlpHttpExporterOptions _options;
    private readonly TimeProvider _time;

    public OtlpHttpTransport(OtlpHttpExporterOptions options, HttpMessageHandler handler, TimeProvider time)
    {
        _options = options;
        _uri = options.LogsUri;
        _time = time;
        _http = new HttpClient(handler) { Timeout = options.Timeout, MaxResponseContentBufferSize = 4 * 1024 * 1024 };
    }

    public string Destination => _uri.ToString();

    public async ValueTask<OtlpAnswer> SendAsync(ReadOnlyMemory<byte> request, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, _uri) { Content = Content(request) };
        foreach (var (name, value) in _options.Headers) message.Headers.TryAddWithoutValidation(name, value);
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            return OtlpAnswer.Of(ExportResult.Retryable($"{_uri}: {e.Message}"));
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return OtlpAnswer.Of(ExportResult.Retryable($"{_uri}: no answer within timeout ({_options.Timeout.TotalSeconds:0.###}s)"));
        }

        using (response)
        {
            byte[] body;
            try
            {
                body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpRequestException or IOException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
            {
                return OtlpAnswer.Of(ExportResult.Retryable($"{_uri}: the answer was cut off ({e.Message})"));
            }

            if (response.IsSuccessStatusCode) return ReadSuccess(response, body);
            var reason = $"{_uri} answered {(int)response.StatusCode}: {ErrorText(response, body)}";
            return response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout
                ? OtlpAnswer.Of(ExportResult.Retryable(reason, RetryAfterHeader.Delay(response.Headers.RetryAfter, _time.GetUtcNow())))
                : OtlpAnswer.Of(ExportResult.Permanent(reason));
        }
    }

    public void Dispose() => _http.Dispose();

    private HttpContent Content(ReadOnlyMemory<byte> request)
    {
        HttpContent content;
        if (_options.Compression == OtlpCompression.None)
        {
            content = new ReadOnlyMemoryContent(request);
        }
        else
        {
            var compressed = new MemoryStream(request.Length / 4 + 64);
            using (var encoder = BodyEncoder.Open(_options.Compression == OtlpCompression.Zstd ? BodyEncoding.Zstd : BodyEncoding.Gzip, compressed, CompressionLevel.Fastest)) encoder.Write(request.Span);
            content = new ByteArrayContent(compressed.GetBuffer(), 0, (int)compressed.Length);
            content.Headers.ContentEncoding.Add(_options.Compression == OtlpCompression.Zstd ? "zstd" : "gzip");
        }

        content.Headers.ContentType = _options.Encoding == OtlpHttpEncoding.Json ? Json : Protobuf;
        return content;
    }

    private OtlpAnswer ReadSuccess(HttpResponseMessage response, byte[] body)
    {
        if (body.Length == 0) return OtlpAnswer.Of(ExportResult.Success());
        try
        {
            if (response.Content.Headers.ContentType?.MediaType == "application/json") return ReadJsonSuccess(body);
            return OtlpPartialSuccess.Read(ExportLogsServiceResponse.Parser.ParseFrom(body));
        }
        catch (Exception e) when (e is Google.Protobuf.InvalidProtocolBufferException or JsonException or FormatException or InvalidOperationException)
        {
            // The records were accepted (2xx); only the details of a partial success could not be read.
            return OtlpAnswer.Of(ExportResult.Success());
        }
    }

    private static OtlpAnswer ReadJsonSuccess(byte[] body)
    {
        using var document = JsonDocument.Parse(body);
        if (!document.RootElement.TryGetProperty("partialSuccess", out var partial)) return OtlpAnswer.Of(ExportResult.Success());
        long rejected = 0;
        if (partial.TryGetProperty("rejectedLogRecords", out var count))
        {
            rejected = count.ValueKind == JsonValueKind.String ? long.Parse(count.GetString()!, System.Globalization.CultureInfo.InvariantCulture) : count.GetInt64();
        }

        var text = partial.TryGetProperty("errorMessage", out var error) ? error.GetString() : null;
        return new OtlpAnswer(ExportResult.Success(), rejected, text);
    }

    /// <summary>The google.rpc.Status message of an OTLP error body, else the body as text, shortened.</summary>
    private static string ErrorText(HttpResponseMessage response, byte[] body)
    {
        string text;
        try
        {
            text = response.Content.Headers.ContentType?.MediaType switch
            {
                "application/x-protobuf" => Gateway.Otlp.Proto.Rpc.Status.Parser.ParseFrom(body).Message,
                "application/json" => JsonDocument.Parse(body).RootElement.GetProperty("message").GetString() ?? "",
                _ => System.Text.Encoding.UTF8.GetString(body),
            };
        }
        catch (Exception e) when (e is Google.Protobuf.InvalidProtocolBufferException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            text = System.Text.Encoding.UTF8.GetString(body);
        }

        if (text.Length == 0) text = response.ReasonPhrase ?? "";
        return text.Length <= MaxReasonLength ? text : text[..MaxReasonLength];
    }
}
