using Gateway.Otlp.Proto.Collector.Logs.V1;
using Gateway.Otlp.Receivers.Http;
using Google.Protobuf;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;

namespace Gateway.Otlp.Receivers.Grpc;

/// <summary>
/// Binds <c>LogsService/Export</c> with a request marshaller of our own that keeps the message as bytes: the
/// service decodes them straight into envelopes, and answers an undecodable message with a non-retryable
/// INVALID_ARGUMENT that says what is wrong, as the collector and the OTLP spec do (the generated marshaller lets a
/// parse failure surface as UNKNOWN).
/// </summary>
internal sealed class LogsServiceMethodProvider : IServiceMethodProvider<LogsGrpcService>
{
    public const string ServiceName = "opentelemetry.proto.collector.logs.v1.LogsService";

    /// <summary>The request stays protobuf bytes (a pooled copy) until the service decodes it straight into envelopes.</summary>
    private static readonly Marshaller<PooledBody> RequestMarshaller = new(
        static (request, context) => context.Complete(request.Span.ToArray()),
        static context => PooledBody.CopyOf(context.PayloadAsReadOnlySequence()));

    private static readonly Marshaller<ExportLogsServiceResponse> ResponseMarshaller = new(
        static (response, context) => context.Complete(response.ToByteArray()),
        static context => ExportLogsServiceResponse.Parser.ParseFrom(context.PayloadAsReadOnlySequence()));

    private static readonly Method<PooledBody, ExportLogsServiceResponse> Export =
        new(MethodType.Unary, ServiceName, "Export", RequestMarshaller, ResponseMarshaller);

    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<LogsGrpcService> context) =>
        context.AddUnaryMethod(Export, [], static (service, request, callContext) => service.Export(request, callContext));
}
