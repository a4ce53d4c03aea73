using Gateway.Otlp.Json;
using Gateway.Otlp.Compression;
using Gateway.Otlp.Receivers.Limits;
using Gateway.Otlp.Receivers.Refusals;
using Gateway.Otlp.Wire;
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
/// content types and Content-Encodings, 413 past max_request_body_size (also after decompression), max_records_per_request or what an
/// exporter's queue can ever hold, 408 past read_timeout, 429 with Retry-After on backpressure and 503 with
/// Retry-After past max_in_flight_memory, when a persistent queue cannot store (disk full) or while stopping. Every
/// answer but 200 goes through <see cref="ReceiverRefusals"/>.
/// </summary>
public sealed class OtlpHttpLogsHandler(LogsReceiver receiver, OtlpProtocolEndpointOptions options, RequestAdmission admission, ReceiverRefusals refusals, ILogger<OtlpHttpLogsHandler> logger)
{
    public const string Path = "/v1/logs";
    private const string Transport = "http";

    private const string AcceptedEncodings = "gzip, zstd, deflate, snappy, x-snappy-framed, lz4";

    private readonly long _maxRequestBodySize = options.MaxRequestBodySize.Bytes;

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var response = context.Response;
        if (!HttpMethods.IsPost(request.Method))
        {
            response.Headers.Allow = "POST";
            refusals.Refuse(context, Transport, RefusalReasons.MethodNotAllowed, "405", $"{request.Method} {Path}: only POST is served");
            await OtlpHttpResponses.WriteTextAsync(response, StatusCodes.Status405MethodNotAllowed, $"405 method not allowed: {Path} takes POST").ConfigureAwait(false);
            return;
        }

        if (!OtlpContentTypes.TryParse(request.ContentType, out var encoding))
        {
            var message = $"415 unsupported media type '{request.ContentType}': send {OtlpContentTypes.Supported}";
            refusals.Refuse(context, Transport, RefusalReasons.UnsupportedMediaType, "415", message);
            await OtlpHttpResponses.WriteTextAsync(response, StatusCodes.Status415UnsupportedMediaType, message).ConfigureAwait(false);
            return;
        }

        DecodedRequest decoded;
        try
        {
            decoded = await DecodeAsync(context, encoding).ConfigureAwait(false);
        }
        catch (Exception e) when (Refusal(context, e) is { } refusal)
        {
            refusals.Refuse(context, Transport, refusal.Reason, ReceiverRefusals.Http(refusal.Status), refusal.Message);
            if (refusal.Status is StatusCodes.Status503ServiceUnavailable) response.Headers[HeaderNames.RetryAfter] = UnavailableAnswer.RetryAfterSeconds;
            // RFC 7694: a 415 for a content coding lists the codings the server does accept.
            if (refusal.Reason is RefusalReasons.UnsupportedContentEncoding) response.Headers[HeaderNames.AcceptEncoding] = AcceptedEncodings;
            // The rest of a timed-out HTTP/1.1 body is not worth waiting for: the connection closes after the answer.
            if (refusal.Status is StatusCodes.Status408RequestTimeout && HttpProtocol.IsHttp11(request.Protocol)) response.Headers.Connection = "close";
            await OtlpHttpResponses.WriteStatusAsync(response, refusal.Status, refusal.Code, refusal.Message, encoding).ConfigureAwait(false);
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
            var message = $"the request body could not be decoded ({e.GetType().Name}: {e.Message})";
            refusals.Refuse(context, Transport, RefusalReasons.BadRequest, "400", message);
            await OtlpHttpResponses.WriteStatusAsync(response, StatusCodes.Status400BadRequest, GrpcCode.InvalidArgument, message, encoding).ConfigureAwait(false);
            return;
        }

        using var reservation = decoded.Reservation;
        var mapped = decoded.Mapped;
        if (mapped.Envelopes.Count == 0 && mapped.Rejected.Count == 0 && decoded.UnknownFields.Count > 0) refusals.IgnoredFields(Transport, decoded.UnknownFields);
        LogsExportResult result;
        try
        {
            result = await receiver.ExportAsync(mapped, Transport, context).ConfigureAwait(false);
        }
        catch (Exception e) when (!context.RequestAborted.IsCancellationRequested)
        {
            // A fault of the gateway itself: logged with its stack, and answered with a status that says so rather than an empty 500.
            OtlpReceiverLog.ExportFailed(logger, Transport, mapped.Envelopes.Count, e);
            const string message = "the gateway failed while accepting the records (an internal error, logged); they were not acknowledged";
            refusals.Refuse(context, Transport, RefusalReasons.InternalError, "500", message, mapped.Envelopes.Count);
            await OtlpHttpResponses.WriteStatusAsync(response, StatusCodes.Status500InternalServerError, GrpcCode.Internal, message, encoding).ConfigureAwait(false);
            return;
        }
        switch (result.Ingest.Status)
        {
            case IngestStatus.Accepted:
                await OtlpHttpResponses.WriteMessageAsync(response, StatusCodes.Status200OK, result.Response, encoding).ConfigureAwait(false);
                break;
            case IngestStatus.Backpressure:
                SetRetryAfter(response, result.Ingest.RetryAfter);
                await OtlpHttpResponses.WriteStatusAsync(response, StatusCodes.Status429TooManyRequests, GrpcCode.ResourceExhausted,
                    result.Ingest.Reason ?? "the gateway's queues are full; retry later", encoding).ConfigureAwait(false);
                break;
            case IngestStatus.StorageUnavailable:
                SetRetryAfter(response, result.Ingest.RetryAfter);
                await OtlpHttpResponses.WriteStatusAsync(response, StatusCodes.Status503ServiceUnavailable, GrpcCode.Unavailable,
                    result.Ingest.Reason ?? "the gateway cannot store events now; retry later", encoding).ConfigureAwait(false);
                break;
            case IngestStatus.TooLarge:
                // Not 429: no drain of the queue will make room, and OTLP clients do not retry a 413.
                await OtlpHttpResponses.WriteStatusAsync(response, StatusCodes.Status413PayloadTooLarge, GrpcCode.ResourceExhausted,
                    result.Ingest.Reason ?? "the request is larger than an exporter's queue can hold", encoding).ConfigureAwait(false);
                break;
            default:
                response.Headers[HeaderNames.RetryAfter] = UnavailableAnswer.RetryAfterSeconds;
                await OtlpHttpResponses.WriteStatusAsync(response, StatusCodes.Status503ServiceUnavailable, GrpcCode.Unavailable,
                    result.Ingest.Reason ?? "the gateway is shutting down", encoding).ConfigureAwait(false);
                break;
        }
    }

    /// <summary>
    /// Reads the body under read_timeout, counts its records against max_records_per_request and reserves its share of
    /// max_in_flight_memory before anything is decoded, then maps it while its pooled buffer is held.
    /// </summary>
    private async Task<DecodedRequest> DecodeAsync(HttpContext context, OtlpEncoding encoding)
    {
        var request = context.Request;
        var compression = BodyEncodings.ParseContentEncoding(request.Headers.ContentEncoding.ToString());
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = _maxRequestBodySize;
        var deadline = context.Features.Get<RequestReadDeadline>();
        using var readCancellation = deadline is null ? null : CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, deadline.Token);
        using var body = await RequestBodyReader.ReadAsync(request.Body, compression, request.ContentLength, _maxRequestBodySize, readCancellation?.Token ?? context.RequestAborted).ConfigureAwait(false);
        deadline?.BodyRead();

        var maxRecords = options.MaxRecordsPerRequest;
        if (encoding == OtlpEncoding.Json)
        {
            var shape = OtlpJsonShape.Scan(body.Span, maxRecords);
            var reservation = admission.Admit(body.Length, shape.Records, maxRecords);
            try
            {
                var json = OtlpJsonReader.Parse(body.Span);
                return new DecodedRequest(receiver.Map(json.Request, json.Faults), reservation, shape.UnknownFields);
            }
            catch
            {
                reservation.Dispose();
                throw;
            }
        }

        var admitted = admission.Admit(body.Length, OtlpRecordCounter.Count(body.Memory, maxRecords), maxRecords);
        try
        {
            return new DecodedRequest(receiver.Map(body.Memory), admitted, []);
        }
        catch
        {
            admitted.Dispose();
            throw;
        }
    }

    private static void SetRetryAfter(HttpResponse response, TimeSpan retryAfter)
    {
        var seconds = Math.Max(1, (long)Math.Ceiling(retryAfter.TotalSeconds));
        response.Headers[HeaderNames.RetryAfter] = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The answer to a request whose body could not be read, admitted or decoded; null for failures that are not the request's (they propagate).</summary>
    private HttpRefusal? Refusal(HttpContext context, Exception e) => e switch
    {
        UnsupportedContentEncodingException => new(StatusCodes.Status415UnsupportedMediaType, GrpcCode.Unimplemented, RefusalReasons.UnsupportedContentEncoding, e.Message),
        RequestBodyTooLargeException => new(StatusCodes.Status413PayloadTooLarge, GrpcCode.InvalidArgument, RefusalReasons.MaxRequestBodySize, e.Message),
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
            new(StatusCodes.Status413PayloadTooLarge, GrpcCode.InvalidArgument, RefusalReasons.MaxRequestBodySize, $"the request body is larger than max_request_body_size ({_maxRequestBodySize} bytes)"),
        BadHttpRequestException { StatusCode: StatusCodes.Status408RequestTimeout } =>
            new(StatusCodes.Status408RequestTimeout, GrpcCode.DeadlineExceeded, RefusalReasons.MinRequestBodyDataRate, $"the request body arrived too slowly: {e.Message}"),
        OperationCanceledException when context.Features.Get<RequestReadDeadline>() is { Expired: true } deadline && !context.RequestAborted.IsCancellationRequested =>
            new(StatusCodes.Status408RequestTimeout, GrpcCode.DeadlineExceeded, RefusalReasons.ReadTimeout, $"the request body did not arrive within read_timeout ({deadline.Timeout.TotalSeconds:0.###}s)"),
        TooManyRecordsException => new(StatusCodes.Status413PayloadTooLarge, GrpcCode.InvalidArgument, RefusalReasons.MaxRecordsPerRequest, e.Message),
        InFlightMemoryExceededException => new(StatusCodes.Status503ServiceUnavailable, GrpcCode.Unavailable, RefusalReasons.MaxInFlightMemory, e.Message),
        OtlpDecodeException => new(StatusCodes.Status400BadRequest, GrpcCode.InvalidArgument, RefusalReasons.BadRequest, e.Message),
        InvalidProtocolBufferException or OtlpWireException =>
            new(StatusCodes.Status400BadRequest, GrpcCode.InvalidArgument, RefusalReasons.BadRequest, $"the body is not a valid protobuf ExportLogsServiceRequest: {e.Message}"),
        BadHttpRequestException => new(StatusCodes.Status400BadRequest, GrpcCode.InvalidArgument, RefusalReasons.BadRequest, $"the request body could not be read: {e.Message}"),
        _ => null,
    };

    private readonly record struct HttpRefusal(int Status, GrpcCode Code, string Reason, string Message);
}
