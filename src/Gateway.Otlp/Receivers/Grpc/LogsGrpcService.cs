using Gateway.Otlp.Proto.Collector.Logs.V1;
using Gateway.Otlp.Receivers.Http;
using Gateway.Otlp.Receivers.Security;
using Gateway.Otlp.Wire;
using Gateway.Pipeline;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace Gateway.Otlp.Receivers.Grpc;

/// <summary>
/// OTLP/gRPC <c>LogsService/Export</c>. Pushback is spelled so the OTel SDKs retry: RESOURCE_EXHAUSTED with a
/// google.rpc.RetryInfo (without it the SDKs treat RESOURCE_EXHAUSTED as permanent), UNAVAILABLE while stopping.
/// Bound by <see cref="LogsServiceMethodProvider"/> rather than the generated base class (see there why).
/// </summary>
public sealed class LogsGrpcService(LogsReceiver receiver, ILogger<LogsGrpcService> logger)
{
    private const string Transport = "grpc";

    public async Task<ExportLogsServiceResponse> Export(PooledBody request, ServerCallContext context)
    {
        MappedLogs mapped;
        try
        {
            mapped = receiver.Map(request.Memory);
        }
        catch (OtlpWireException e)
        {
            throw Invalid($"the message is not a valid protobuf ExportLogsServiceRequest: {e.Message}");
        }
        catch (Exception e) when (!context.CancellationToken.IsCancellationRequested)
        {
            // As over HTTP: the message is what failed, so the client learns what broke (not UNKNOWN) and the gap is logged.
            OtlpReceiverLog.UnexpectedDecodeFailure(logger, Transport, e);
            throw Invalid($"the message could not be decoded ({e.GetType().Name}: {e.Message})");
        }
        finally
        {
            request.Dispose();
        }

        LogsExportResult result;
        try
        {
            result = await receiver.ExportAsync(mapped, Transport, context.GetHttpContext().Features.Get<ApiKeyIdentity>(), context.CancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (!context.CancellationToken.IsCancellationRequested)
        {
            OtlpReceiverLog.ExportFailed(logger, Transport, mapped.Envelopes.Count, e);
            throw new RpcException(new Status(StatusCode.Internal, "the gateway failed while accepting the records (an internal error, logged); they were not acknowledged"));
        }

        if (result.Ingest.Status == IngestStatus.Accepted) return result.Response;

        // Sending the headers first makes the status travel in real trailers: the OTel .NET exporter looks for
        // grpc-status-details-bin (the RetryInfo) only there, not in a trailers-only response.
        await context.WriteResponseHeadersAsync([]).ConfigureAwait(false);
        return result.Ingest.Status switch
        {
            IngestStatus.Backpressure => throw GrpcStatusDetails.ResourceExhausted(result.Ingest.Reason ?? "the gateway's queues are full", result.Ingest.RetryAfter),
            _ => throw new RpcException(new Status(StatusCode.Unavailable, result.Ingest.Reason ?? "the gateway is shutting down")),
        };
    }

    private static RpcException Invalid(string message)
    {
        OtlpReceiverMetrics.InvalidRequests.Add(1, OtlpReceiverMetrics.ReceiverTag, OtlpReceiverMetrics.GrpcTag);
        return new RpcException(new Status(StatusCode.InvalidArgument, message));
    }
}
