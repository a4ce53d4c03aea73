using Gateway.Otlp.Proto.Collector.Logs.V1;
using Gateway.Otlp.Receivers.Http;
using Gateway.Otlp.Receivers.Security;
using Gateway.Otlp.Wire;
using Gateway.Pipeline;
using Grpc.Core;

namespace Gateway.Otlp.Receivers.Grpc;

/// <summary>
/// OTLP/gRPC <c>LogsService/Export</c>. Pushback is spelled so the OTel SDKs retry: RESOURCE_EXHAUSTED with a
/// google.rpc.RetryInfo (without it the SDKs treat RESOURCE_EXHAUSTED as permanent), UNAVAILABLE while stopping; a
/// request too large for a queue ever to take gets RESOURCE_EXHAUSTED without one, so it is not retried.
/// Bound by <see cref="LogsServiceMethodProvider"/> rather than the generated base class (see there why).
/// </summary>
public sealed class LogsGrpcService(LogsReceiver receiver)
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
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"the message is not a valid protobuf ExportLogsServiceRequest: {e.Message}"));
        }
        finally
        {
            request.Dispose();
        }

        var result = await receiver.ExportAsync(mapped, Transport, context.GetHttpContext().Features.Get<ApiKeyIdentity>(), context.CancellationToken).ConfigureAwait(false);
        if (result.Ingest.Status == IngestStatus.Accepted) return result.Response;

        // Sending the headers first makes the status travel in real trailers: the OTel .NET exporter looks for
        // grpc-status-details-bin (the RetryInfo) only there, not in a trailers-only response.
        await context.WriteResponseHeadersAsync([]).ConfigureAwait(false);
        return result.Ingest.Status switch
        {
            IngestStatus.Backpressure => throw GrpcStatusDetails.ResourceExhausted(result.Ingest.Reason ?? "the gateway's queues are full", result.Ingest.RetryAfter),

            // Without a RetryInfo the SDKs do not retry: right for a request no queue will ever take.
            IngestStatus.TooLarge => throw new RpcException(new Status(StatusCode.ResourceExhausted, result.Ingest.Reason ?? "the request is larger than an exporter's queue can hold")),
            _ => throw new RpcException(new Status(StatusCode.Unavailable, result.Ingest.Reason ?? "the gateway is shutting down")),
        };
    }
}
