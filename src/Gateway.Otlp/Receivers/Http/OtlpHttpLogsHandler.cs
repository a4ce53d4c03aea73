using Gateway.Otlp.Json;
using Gateway.Otlp.Receivers.Limits;
using Gateway.Otlp.Receivers.Refusals;
using Gateway.Otlp.Wire;
using Gateway.Pipeline;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
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

    private readonly long _maxRequestBodySize = options.MaxRequestBodySize.Bytes;

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var response = context.Response;
        if (await HttpRequestIntake.RefusedUnlessPostAsync(context, refusals, Transport, Path).ConfigureAwait(false)) return;

        if (!OtlpContentTypes.TryParse(request.ContentType, out var encoding))
        {
            await HttpRequestIntake.RefuseContentTypeAsync(context, refusals, Transport, OtlpContentTypes.Supported).ConfigureAwait(false);
            return;
        }

        DecodedRequest decoded;
        try
        {
            decoded = await DecodeAsync(context, encoding).ConfigureAwait(false);
        }
        catch (Exception e) when (HttpRequestIntake.Refusal(context, e, _maxRequestBodySize) is { } refusal)
        {
            refusals.Refuse(context, Transport, refusal.Reason, ReceiverRefusals.Http(refusal.Status), refusal.Message);
            HttpRequestIntake.PrepareRefusal(context, refusal);
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
            OtlpReceiverLog.ExportFailed(logger, Transport, mapped.Received, e);
            const string message = "the gateway failed while accepting the records (an internal error, logged); they were not acknowledged";
            refusals.Refuse(context, Transport, RefusalReasons.InternalError, "500", message, mapped.Received);
            await OtlpHttpResponses.WriteStatusAsync(response, StatusCodes.Status500InternalServerError, GrpcCode.Internal, message, encoding).ConfigureAwait(false);
            return;
        }

        if (result.Ingest.Status == IngestStatus.Accepted)
        {
            await OtlpHttpResponses.WriteMessageAsync(response, StatusCodes.Status200OK, result.Response, encoding).ConfigureAwait(false);
            return;
        }

        var pushback = HttpRequestIntake.PipelineRefusal(response, result.Ingest);
        await OtlpHttpResponses.WriteStatusAsync(response, pushback.Status, pushback.Code, pushback.Message, encoding).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads the body under read_timeout, counts its records against max_records_per_request and reserves its share of
    /// max_in_flight_memory before anything is decoded, then maps it while its pooled buffer is held.
    /// </summary>
    private async Task<DecodedRequest> DecodeAsync(HttpContext context, OtlpEncoding encoding)
    {
        using var body = await HttpRequestIntake.ReadBodyAsync(context, _maxRequestBodySize).ConfigureAwait(false);

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
}
