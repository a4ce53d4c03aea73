using System.Diagnostics;
using Gateway.Otlp.Json;
using Gateway.Otlp.Wire;
using Gateway.Otlp.Proto.Collector.Logs.V1;
using Gateway.Otlp.Receivers.Security;
using Gateway.Pipeline;
using Google.Protobuf;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;
using GrpcCode = Grpc.Core.StatusCode;

namespace Gateway.Otlp.Receivers.Http;

/// <summary>
/// OTLP/HTTP <c>POST /v1/logs</c>, answering as the collector does: 200 with an ExportLogsServiceResponse in the
/// request's encoding, 400 with a google.rpc.Status for an undecodable body, 405 for other methods, 415 for other
/// content types, 413 past max_request_body_size (also after decompression) or past what an exporter's queue can
/// ever hold, 429 with Retry-After on backpressure and 503 while stopping.
/// </summary>
public sealed class OtlpHttpLogsHandler(LogsReceiver receiver, long maxRequestBodySize, ILogger<OtlpHttpLogsHandler> logger)
{
    public const string Path = "/v1/logs";
    private const string Transport = "http";
    private static readonly TagList BodySizeLimit = new() { { "transport", Transport }, { "limit", "max_request_body_size" } };

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var response = context.Response;
        if (!HttpMethods.IsPost(request.Method))
        {
            response.Headers.Allow = "POST";
            await OtlpHttpResponses.WriteTextAsync(response, StatusCodes.Status405MethodNotAllowed, $"405 method not allowed: {Path} takes POST").ConfigureAwait(false);
            return;
        }

        if (!OtlpContentTypes.TryParse(request.ContentType, out var encoding))
        {
            Refused(StatusCodes.Status415UnsupportedMediaType, "unsupported content type");
            await OtlpHttpResponses.WriteTextAsync(response, StatusCodes.Status415UnsupportedMediaType,
                $"415 unsupported media type '{request.ContentType}': send {OtlpContentTypes.Supported}").ConfigureAwait(false);
            return;
        }

        MappedLogs export;
        try
        {
            export = await DecodeAsync(context, encoding).ConfigureAwait(false);
        }
        catch (RequestBodyTooLargeException e)
        {
            OtlpReceiverMetrics.LimitedRequests.Add(1, BodySizeLimit);
            await RefuseAsync(response, StatusCodes.Status413PayloadTooLarge, e.Message, encoding).ConfigureAwait(false);
            return;
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            OtlpReceiverMetrics.LimitedRequests.Add(1, BodySizeLimit);
            await RefuseAsync(response, StatusCodes.Status413PayloadTooLarge, $"the request body is larger than max_request_body_size ({maxRequestBodySize} bytes)", encoding).ConfigureAwait(false);
            return;
        }
        catch (Exception e) when (e is OtlpDecodeException or OtlpWireException or InvalidProtocolBufferException or BadHttpRequestException)
        {
            await RefuseAsync(response, StatusCodes.Status400BadRequest, DecodeFailure(e), encoding).ConfigureAwait(false);
            return;
        }

        var result = await receiver.ExportAsync(export, Transport, context.Features.Get<ApiKeyIdentity>(), context.RequestAborted).ConfigureAwait(false);
        switch (result.Ingest.Status)
        {
            case IngestStatus.Accepted:
                await OtlpHttpResponses.WriteMessageAsync(response, StatusCodes.Status200OK, result.Response, encoding).ConfigureAwait(false);
                break;
            case IngestStatus.Backpressure:
                var seconds = Math.Max(1, (long)Math.Ceiling(result.Ingest.RetryAfter.TotalSeconds));
                response.Headers[HeaderNames.RetryAfter] = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await OtlpHttpResponses.WriteStatusAsync(response, StatusCodes.Status429TooManyRequests, GrpcCode.ResourceExhausted,
                    result.Ingest.Reason ?? "the gateway's queues are full; retry later", encoding).ConfigureAwait(false);
                break;
            case IngestStatus.TooLarge:
                // Not 429: no drain of the queue will make room, and OTLP clients do not retry a 413.
                await OtlpHttpResponses.WriteStatusAsync(response, StatusCodes.Status413PayloadTooLarge, GrpcCode.ResourceExhausted,
                    result.Ingest.Reason ?? "the request is larger than an exporter's queue can hold", encoding).ConfigureAwait(false);
                break;
            default:
                await OtlpHttpResponses.WriteStatusAsync(response, StatusCodes.Status503ServiceUnavailable, GrpcCode.Unavailable,
                    result.Ingest.Reason ?? "the gateway is shutting down", encoding).ConfigureAwait(false);
                break;
        }
    }

    /// <summary>Reads the body and maps it while its pooled buffer is held: protobuf is decoded straight into envelopes.</summary>
    private async Task<MappedLogs> DecodeAsync(HttpContext context, OtlpEncoding encoding)
    {
        var request = context.Request;
        var gzip = IsGzip(request.Headers.ContentEncoding.ToString());
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = maxRequestBodySize;
        using var body = await RequestBodyReader.ReadAsync(request.Body, gzip, request.ContentLength, maxRequestBodySize, context.RequestAborted).ConfigureAwait(false);
        return encoding == OtlpEncoding.Json ? receiver.Map(OtlpJsonReader.Parse(body.Span)) : receiver.Map(body.Memory);
    }

    private static bool IsGzip(string contentEncoding)
    {
        if (contentEncoding.Length == 0 || contentEncoding.Equals("identity", StringComparison.OrdinalIgnoreCase)) return false;
        if (contentEncoding.Equals("gzip", StringComparison.OrdinalIgnoreCase)) return true;
        throw new OtlpDecodeException($"unsupported Content-Encoding '{contentEncoding}': send gzip or no Content-Encoding");
    }

    private static string DecodeFailure(Exception e) => e switch
    {
        InvalidProtocolBufferException or OtlpWireException => $"the body is not a valid protobuf ExportLogsServiceRequest: {e.Message}",
        BadHttpRequestException => $"the request body could not be read: {e.Message}",
        _ => e.Message,
    };

    private Task RefuseAsync(HttpResponse response, int statusCode, string reason, OtlpEncoding encoding)
    {
        Refused(statusCode, reason);
        return OtlpHttpResponses.WriteStatusAsync(response, statusCode, GrpcCode.InvalidArgument, reason, encoding);
    }

    private void Refused(int statusCode, string reason) => OtlpReceiverLog.RequestRefused(logger, Transport, statusCode, reason);
}
