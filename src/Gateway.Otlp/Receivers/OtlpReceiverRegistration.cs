using Gateway.Configuration;
using Gateway.Otlp.Compression;
using Gateway.Otlp.Events;
using Gateway.Otlp.Mapping;
using Gateway.Otlp.Receivers.Grpc;
using Gateway.Otlp.Receivers.Http;
using Gateway.Otlp.Receivers.Limits;
using Gateway.Otlp.Receivers.Refusals;
using Grpc.AspNetCore.Server.Model;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gateway.Otlp.Receivers;

/// <summary>Wires the OTLP receiver into an ASP.NET Core host; the host provides the IIngestPipeline and a TimeProvider.</summary>
public static class OtlpReceiverRegistration
{
    private const string NotServed = "404 not found: this gateway receives OTLP logs at POST /v1/logs (OTLP/HTTP) and opentelemetry.proto.collector.logs.v1.LogsService/Export (OTLP/gRPC), and JSON events at POST /v1/events";
    private const string OtherSignal = "404 this gateway receives OTLP logs only (POST /v1/logs); send traces and metrics to an OpenTelemetry Collector";

    public static IServiceCollection AddOtlpReceiver(this IServiceCollection services, OtlpReceiverOptions receiver, EnvelopeOptions envelope)
    {
        services.AddSingleton(sp => new EnvelopeMapper(envelope, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(receiver);
        services.AddSingleton<ReceiverRefusals>();
        services.AddSingleton<ReceiverDrain>();
        services.AddSingleton(new RequestAdmission(new InFlightMemoryBudget(receiver.MaxInFlightMemory.Bytes)));
        services.AddSingleton<LogsReceiver>();
        if (receiver.Grpc is { } grpc)
        {
            // The limit applies to the message after gRPC decompression as well, so gzip cannot smuggle a larger one in.
            services.AddGrpc(o =>
            {
                o.MaxReceiveMessageSize = (int)Math.Min(grpc.MaxRequestBodySize.Bytes, int.MaxValue);
                // Replaces Grpc.AspNetCore's own gzip and deflate, which take a message cut short for a whole one, and adds zstd.
                o.CompressionProviders = OtlpCompressionProvider.All(grpc.MaxRequestBodySize.Bytes);
            });
            services.AddSingleton<IServiceMethodProvider<LogsGrpcService>, LogsServiceMethodProvider>();
        }

        if (receiver.Http is { } http)
        {
            services.AddSingleton(sp => new OtlpHttpLogsHandler(sp.GetRequiredService<LogsReceiver>(), http, sp.GetRequiredService<RequestAdmission>(), sp.GetRequiredService<ReceiverRefusals>(), sp.GetRequiredService<ILogger<OtlpHttpLogsHandler>>()));
            services.AddSingleton(sp => new EventsHttpHandler(sp.GetRequiredService<LogsReceiver>(), sp.GetRequiredService<EnvelopeMapper>(), http, sp.GetRequiredService<RequestAdmission>(),
                sp.GetRequiredService<ReceiverRefusals>(), sp.GetRequiredService<ILogger<EventsHttpHandler>>(), sp.GetRequiredService<TimeProvider>()));
        }

        return services;
    }

    public static IEndpointRouteBuilder MapOtlpReceiver(this IEndpointRouteBuilder endpoints, OtlpReceiverOptions receiver)
    {
        // Unknown gRPC services (trace and metrics Export) get UNIMPLEMENTED from Grpc.AspNetCore itself; any other
        // path a 404 that says what is served (counted with the other refusals at the door).
        endpoints.MapFallback(WriteNotFoundAsync);
        if (receiver.Grpc is not null) endpoints.MapGrpcService<LogsGrpcService>();
        if (receiver.Http is null) return endpoints;

        // Resolved per request: the handler needs the pipeline, which exists only once the host has started.
        endpoints.Map(OtlpHttpLogsHandler.Path, static context => context.RequestServices.GetRequiredService<OtlpHttpLogsHandler>().HandleAsync(context));
        endpoints.Map(EventsHttpHandler.Path, static context => context.RequestServices.GetRequiredService<EventsHttpHandler>().HandleAsync(context));
        endpoints.Map("/v1/traces", WriteOtherSignalAsync);
        endpoints.Map("/v1/metrics", WriteOtherSignalAsync);
        return endpoints;
    }

    private static Task WriteNotFoundAsync(HttpContext context) => OtlpHttpResponses.WriteTextAsync(context.Response, StatusCodes.Status404NotFound, NotServed);

    private static Task WriteOtherSignalAsync(HttpContext context) => OtlpHttpResponses.WriteTextAsync(context.Response, StatusCodes.Status404NotFound, OtherSignal);
}
