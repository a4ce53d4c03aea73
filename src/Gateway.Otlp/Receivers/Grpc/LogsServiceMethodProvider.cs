using Gateway.Otlp.Proto.Collector.Logs.V1;
using Google.Protobuf;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;

namespace Gateway.Otlp.Receivers.Grpc;

/// <summary>
/// Binds <c>LogsService/Export</c> with a request marshaller of our own: the generated one lets a parse failure
/// surface as UNKNOWN ("exception was thrown by handler"), while the collector and the OTLP spec answer an
/// undecodable message with a non-retryable INVALID_ARGUMENT that says what is wrong.
/// </summary>
internal sealed class LogsServiceMethodProvider : IServiceMethodProvider<LogsGrpcService>
{
    public const string ServiceName = "opentelemetry.proto.collector.logs.v1.LogsService";

    private static readonly Marshaller<ExportLogsServiceRequest> RequestMarshaller = new(
        static (request, context) => context.Complete(request.ToByteArray()),
        static context => Parse(context));

    private static readonly Marshaller<ExportLogsServiceResponse> ResponseMarshaller = new(
        static (response, context) => context.Complete(response.ToByteArray()),
        static context => ExportLogsServiceResponse.Parser.ParseFrom(context.PayloadAsReadOnlySequence()));

    private static readonly Method<ExportLogsServiceRequest, ExportLogsServiceResponse> Export =
        new(MethodType.Unary, ServiceName, "Export", RequestMarshaller, ResponseMarshaller);

    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<LogsGrpcService> context) =>
        context.AddUnaryMethod(Export, [], static (service, request, callContext) => service.Export(request, callContext));

    private static ExportLogsServiceRequest Parse(DeserializationContext context)
    {
        try
        {
            return ExportLogsServiceRequest.Parser.ParseFrom(context.PayloadAsReadOnlySequence());
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"the message is not a valid protobuf ExportLogsServiceRequest: {e.Message}"));
        }
    }
}
