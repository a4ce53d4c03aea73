using Gateway.Otlp.Proto.Collector.Logs.V1;
using Gateway.Otlp.Receivers.Http;
using Gateway.Otlp.Receivers.Limits;
using Gateway.Otlp.Receivers.Refusals;
using Gateway.Otlp.Wire;
using Gateway.Pipeline;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace Gateway.Otlp.Receivers.Grpc;

/// <summary>
/// OTLP/gRPC <c>LogsService/Export</c>. Pushback is spelled so the OTel SDKs retry: RESOURCE_EXHAUSTED with a
/// google.rpc.RetryInfo (without it the SDKs treat RESOURCE_EXHAUSTED as permanent), UNAVAILABLE past
/// max_in_flight_memory, UNAVAILABLE with a RetryInfo when a persistent queue cannot store (disk full), and
/// UNAVAILABLE while stopping. A message past max_records_per_request, or too large for an exporter's queue ever to
/// take, gets RESOURCE_EXHAUSTED without RetryInfo: sent again as it is, it would be refused again. Every refusal
/// goes through <see cref="ReceiverRefusals"/>.
/// Bound by <see cref="LogsServiceMethodProvider"/> rather than the generated base class (see there why).
/// </summary>
public sealed class LogsGrpcService(LogsReceiver receiver, OtlpReceiverOptions options, RequestAdmission admission, ReceiverRefusals refusals, ILogger<LogsGrpcService> logger)
{
    private const string Transport = "grpc";

    private readonly int _maxRecords = (options.Grpc ?? new OtlpProtocolEndpointOptions()).MaxRecordsPerRequest;

    public async Task<ExportLogsServiceResponse> Export(PooledBody request, ServerCallContext context)
    {
        var http = context.GetHttpContext();
        http.Features.Get<RequestReadDeadline>()?.BodyRead();
        MappedLogs mapped;
        MemoryReservation reservation;
        try
        {
            reservation = admission.Admit(request.Length, OtlpRecordCounter.Count(request.Memory, _maxRecords), _maxRecords);
            try
            {
                mapped = receiver.Map(request.Memory);
            }
            catch
            {
                reservation.Dispose();
                throw;
            }
        }
        catch (OtlpWireException e)
        {
            throw Refuse(http, RefusalReasons.BadRequest, StatusCode.InvalidArgument, $"the message is not a valid protobuf ExportLogsServiceRequest: {e.Message}");
        }
        catch (TooManyRecordsException e)
        {
            throw Refuse(http, RefusalReasons.MaxRecordsPerRequest, StatusCode.ResourceExhausted, e.Message);
        }
        catch (InFlightMemoryExceededException e)
        {
            throw Refuse(http, RefusalReasons.MaxInFlightMemory, StatusCode.Unavailable, e.Message);
        }
        catch (Exception e) when (!context.CancellationToken.IsCancellationRequested)
        {
            // As over HTTP: the message is what failed, so the client learns what broke (not UNKNOWN) and the gap is logged.
            OtlpReceiverLog.UnexpectedDecodeFailure(logger, Transport, e);
            throw Refuse(http, RefusalReasons.BadRequest, StatusCode.InvalidArgument, $"the message could not be decoded ({e.GetType().Name}: {e.Message})");
        }
        finally
        {
            request.Dispose();
        }

        using (reservation)
        {
            LogsExportResult result;
            try
            {
                result = await receiver.ExportAsync(mapped, Transport, http).ConfigureAwait(false);
            }
            catch (Exception e) when (!context.CancellationToken.IsCancellationRequested)
            {
                OtlpReceiverLog.ExportFailed(logger, Transport, mapped.Received, e);
                const string message = "the gateway failed while accepting the records (an internal error, logged); they were not acknowledged";
                refusals.Refuse(http, Transport, RefusalReasons.InternalError, "INTERNAL", message, mapped.Received);
                throw new RpcException(new Status(StatusCode.Internal, message));
            }

            if (result.Ingest.Status == IngestStatus.Accepted) return result.Response;

            // Sending the headers first makes the status travel in real trailers: the OTel .NET exporter looks for
            // grpc-status-details-bin (the RetryInfo) only there, not in a trailers-only response.
            await context.WriteResponseHeadersAsync([]).ConfigureAwait(false);
            return result.Ingest.Status switch
            {
                IngestStatus.Backpressure => throw GrpcStatusDetails.ResourceExhausted(result.Ingest.Reason ?? "the gateway's queues are full", result.Ingest.RetryAfter),
                IngestStatus.StorageUnavailable => throw GrpcStatusDetails.Unavailable(result.Ingest.Reason ?? "the gateway cannot store events now", result.Ingest.RetryAfter),

                // Without a RetryInfo the SDKs do not retry: right for a request no queue will ever take.
                IngestStatus.TooLarge => throw new RpcException(new Status(StatusCode.ResourceExhausted, result.Ingest.Reason ?? "the request is larger than an exporter's queue can hold")),
                _ => throw new RpcException(new Status(StatusCode.Unavailable, result.Ingest.Reason ?? "the gateway is shutting down")),
            };
        }
    }

    private RpcException Refuse(Microsoft.AspNetCore.Http.HttpContext http, string reason, StatusCode code, string message)
    {
        refusals.Refuse(http, Transport, reason, code == StatusCode.InvalidArgument ? "INVALID_ARGUMENT" : code == StatusCode.Unavailable ? "UNAVAILABLE" : "RESOURCE_EXHAUSTED", message);
        return new RpcException(new Status(code, message));
    }

}
