using Gateway.Otlp.Proto.Collector.Logs.V1;
using Gateway.Pipeline;
using Grpc.Core;

namespace Gateway.Otlp.Receivers.Grpc;

/// <summary>
/// OTLP/gRPC <c>LogsService/Export</c>. Pushback is spelled so the OTel SDKs retry: RESOURCE_EXHAUSTED with a
/// google.rpc.RetryInfo (without it the SDKs treat RESOURCE_EXHAUSTED as permanent), UNAVAILABLE while stopping.
/// </summary>
public sealed class LogsGrpcService(LogsReceiver receiver) : LogsService.LogsServiceBase
{
    private const string Transport = "grpc";

    public override async Task<ExportLogsServiceResponse> Export(ExportLogsServiceRequest request, ServerCallContext context)
    {
        var result = await receiver.ExportAsync(request, Transport, context.CancellationToken).ConfigureAwait(false);

        // Sent before the error, the headers make the status and its RetryInfo travel as real trailers. In a
        // trailers-only answer the .NET OTel SDK (1.20) finds the status but not the RetryInfo, and drops the batch.
        if (result.Ingest.Status == IngestStatus.Backpressure) await context.WriteResponseHeadersAsync(new Metadata()).ConfigureAwait(false);
        return result.Ingest.Status switch
        {
            IngestStatus.Accepted => result.Response,
            IngestStatus.Backpressure => throw GrpcStatusDetails.ResourceExhausted(result.Ingest.Reason ?? "the gateway's queues are full", result.Ingest.RetryAfter),
            _ => throw new RpcException(new Status(StatusCode.Unavailable, result.Ingest.Reason ?? "the gateway is shutting down")),
        };
    }
}
