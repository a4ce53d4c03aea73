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
/// content types, 413 past max_request_body_size (also after decompression), 429 with Retry-After on backpressure
/// and 503 while stopping.
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
            await RefuseInvalidAsync(response, DecodeFailure(e), encoding).ConfigureAwait(false);
            return;
        }
        catch (Exception) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away while its body was read: nobody is left to answer.
            return;
        }
        catch (Exception e)
        {
            // No decoding rule foresaw this body, yet it is the body that failed: the client gets a 400 saying what
            // broke (a 500 would be as final to an OTLP client, and say less), and the gap is logged as an error.
            OtlpReceiverLog.UnexpectedDecodeFailure(logger, Transport, e);
            await RefuseInvalidAsync(response, $"the request body could not be decoded ({e.GetType().Name}: {e.Message})", encoding).ConfigureAwait(false);
            return;
        }

        LogsExportResult result;
        try
        {
            result = await receiver.ExportAsync(export, Transport, context.Features.Get<ApiKeyIdentity>(), context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception e) when (!context.RequestAborted.IsCancellationRequested)
        {
            // A fault of the gateway itself: logged with its stack, and answered with a status that says so rather than an empty 500.
            OtlpReceiverLog.ExportFailed(logger, Transport, export.Envelopes.Count, e);
            await OtlpHttpResponses.WriteStatusAsync(response, StatusCodes.Status500InternalServerError, GrpcCode.Internal,
                "the gateway failed while accepting the records (an internal error, logged); they were not acknowledged", encoding).ConfigureAwait(false);
            return;
        }

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
        if (encoding != OtlpEncoding.Json) return receiver.Map(body.Memory);
        var json = OtlpJsonReader.Parse(body.Span);
        return receiver.Map(json.Request, json.Faults);
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

    private Task RefuseInvalidAsync(HttpResponse response, string reason, OtlpEncoding encoding)
    {
        OtlpReceiverMetrics.InvalidRequests.Add(1, OtlpReceiverMetrics.ReceiverTag, OtlpReceiverMetrics.HttpTag);
        return RefuseAsync(response, StatusCodes.Status400BadRequest, reason, encoding);
    }

    private Task RefuseAsync(HttpResponse response, int statusCode, string reason, OtlpEncoding encoding)
    {
        Refused(statusCode, reason);
        return OtlpHttpResponses.WriteStatusAsync(response, statusCode, GrpcCode.InvalidArgument, reason, encoding);
    }

    private void Refused(int statusCode, string reason) => OtlpReceiverLog.RequestRefused(logger, Transport, statusCode, reason);
}
