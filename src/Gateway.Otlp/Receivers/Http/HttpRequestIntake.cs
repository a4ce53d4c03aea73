using Gateway.Otlp.Compression;
using Gateway.Otlp.Receivers.Limits;
using Gateway.Otlp.Receivers.Refusals;
using Gateway.Otlp.Wire;
using Gateway.Pipeline;
using Google.Protobuf;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;
using GrpcCode = Grpc.Core.StatusCode;

namespace Gateway.Otlp.Receivers.Http;

/// <summary>
/// What every POST on the OTLP/HTTP listener shares, whatever its path: the body read whole under read_timeout and
/// max_request_body_size (decompressed on the way in any encoding the collector accepts, counted after decompression), the answer to a body that could not be
/// read or admitted, and the answer to a pipeline that pushed back. /v1/logs and /v1/events answer alike through it.
/// </summary>
internal static class HttpRequestIntake
{
    /// <summary>The Accept-Encoding of a 415 for a content coding (RFC 7694): what <see cref="BodyEncodings"/> decodes.</summary>
    private const string AcceptedEncodings = "gzip, zstd, deflate, snappy, x-snappy-framed, lz4";

    /// <summary>Answers 405 (with Allow: POST) to anything but a POST on <paramref name="path"/>; true when it did.</summary>
    public static async Task<bool> RefusedUnlessPostAsync(HttpContext context, ReceiverRefusals refusals, string transport, string path)
    {
        var method = context.Request.Method;
        if (HttpMethods.IsPost(method)) return false;
        context.Response.Headers.Allow = "POST";
        refusals.Refuse(context, transport, RefusalReasons.MethodNotAllowed, "405", $"{method} {path}: only POST is served");
        await OtlpHttpResponses.WriteTextAsync(context.Response, StatusCodes.Status405MethodNotAllowed, $"405 method not allowed: {path} takes POST").ConfigureAwait(false);
        return true;
    }

    /// <summary>Answers 415 naming the <paramref name="supported"/> content types.</summary>
    public static Task RefuseContentTypeAsync(HttpContext context, ReceiverRefusals refusals, string transport, string supported)
    {
        var message = $"415 unsupported media type '{context.Request.ContentType}': send {supported}";
        refusals.Refuse(context, transport, RefusalReasons.UnsupportedMediaType, "415", message);
        return OtlpHttpResponses.WriteTextAsync(context.Response, StatusCodes.Status415UnsupportedMediaType, message);
    }

    /// <summary>Reads the body under the request's read deadline; throws what <see cref="Refusal"/> turns into an answer.</summary>
    public static async Task<PooledBody> ReadBodyAsync(HttpContext context, long maxRequestBodySize)
    {
        var request = context.Request;
        var compression = BodyEncodings.ParseContentEncoding(request.Headers.ContentEncoding.ToString());
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = maxRequestBodySize;
        var deadline = context.Features.Get<RequestReadDeadline>();
        using var readCancellation = deadline is null ? null : CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, deadline.Token);
        var body = await RequestBodyReader.ReadAsync(request.Body, compression, request.ContentLength, maxRequestBodySize, readCancellation?.Token ?? context.RequestAborted).ConfigureAwait(false);
        deadline?.BodyRead();
        return body;
    }

    /// <summary>The answer to a request whose body could not be read, admitted or decoded; null for failures that are not the request's (they propagate).</summary>
    public static HttpRefusal? Refusal(HttpContext context, Exception e, long maxRequestBodySize) => e switch
    {
        UnsupportedContentEncodingException => new(StatusCodes.Status415UnsupportedMediaType, GrpcCode.Unimplemented, RefusalReasons.UnsupportedContentEncoding, e.Message),
        RequestBodyTooLargeException => new(StatusCodes.Status413PayloadTooLarge, GrpcCode.InvalidArgument, RefusalReasons.MaxRequestBodySize, e.Message),
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
            new(StatusCodes.Status413PayloadTooLarge, GrpcCode.InvalidArgument, RefusalReasons.MaxRequestBodySize, $"the request body is larger than max_request_body_size ({maxRequestBodySize} bytes)"),
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

    /// <summary>
    /// Sets the headers a refusal carries: Retry-After on a 503, Accept-Encoding on a 415 for a content coding, and on HTTP/1.1 Connection: close when the body was
    /// left unread (timed out, or past max_request_body_size): the rest of it is not worth reading, so Kestrel drops the
    /// connection, and a client told so opens a new one for its next request instead of losing it on this one.
    /// </summary>
    public static void PrepareRefusal(HttpContext context, HttpRefusal refusal)
    {
        if (refusal.Status is StatusCodes.Status503ServiceUnavailable) context.Response.Headers[HeaderNames.RetryAfter] = UnavailableAnswer.RetryAfterSeconds;
        if (refusal.Reason == RefusalReasons.UnsupportedContentEncoding) context.Response.Headers[HeaderNames.AcceptEncoding] = AcceptedEncodings;
        var bodyLeftUnread = refusal.Status is StatusCodes.Status408RequestTimeout || refusal.Reason == RefusalReasons.MaxRequestBodySize;
        if (bodyLeftUnread && HttpProtocol.IsHttp11(context.Request.Protocol)) context.Response.Headers.Connection = "close";
    }

    /// <summary>
    /// The answer to a pipeline that did not accept the request (already counted by the receiver): 429 with Retry-After
    /// on backpressure, 503 with Retry-After when storage is unavailable or the gateway stops, 413 when no queue can
    /// ever hold the request. Sets the status's headers and returns what to write.
    /// </summary>
    public static HttpRefusal PipelineRefusal(HttpResponse response, IngestResult ingest)
    {
        switch (ingest.Status)
        {
            case IngestStatus.Backpressure:
                SetRetryAfter(response, ingest.RetryAfter);
                return new(StatusCodes.Status429TooManyRequests, GrpcCode.ResourceExhausted, RefusalReasons.Backpressure, ingest.Reason ?? "the gateway's queues are full; retry later");
            case IngestStatus.StorageUnavailable:
                SetRetryAfter(response, ingest.RetryAfter);
                return new(StatusCodes.Status503ServiceUnavailable, GrpcCode.Unavailable, RefusalReasons.StorageUnavailable, ingest.Reason ?? "the gateway cannot store events now; retry later");
            case IngestStatus.TooLarge:
                // Not 429: no drain of the queue will make room, and OTLP clients do not retry a 413.
                return new(StatusCodes.Status413PayloadTooLarge, GrpcCode.ResourceExhausted, RefusalReasons.QueueMaxBytes, ingest.Reason ?? "the request is larger than an exporter's queue can hold");
            default:
                response.Headers[HeaderNames.RetryAfter] = UnavailableAnswer.RetryAfterSeconds;
                return new(StatusCodes.Status503ServiceUnavailable, GrpcCode.Unavailable, RefusalReasons.ShuttingDown, ingest.Reason ?? "the gateway is shutting down");
        }
    }

    private static void SetRetryAfter(HttpResponse response, TimeSpan retryAfter)
    {
        var seconds = Math.Max(1, (long)Math.Ceiling(retryAfter.TotalSeconds));
        response.Headers[HeaderNames.RetryAfter] = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
