using Gateway.Exporters.Otlp.Configuration;
using Gateway.Exporters.Otlp.Transport;
using Microsoft.Extensions.Logging;

namespace Gateway.Exporters.Otlp;

/// <summary>Builds <c>otlp</c> exporters: OTLP/gRPC to a collector, a vendor or another gateway.</summary>
public sealed class OtlpGrpcExporterFactory : ExporterFactory<OtlpGrpcExporterOptions>
{
    public override string Type => "otlp";

    protected override IEventExporter Create(ExporterContext context, OtlpGrpcExporterOptions options) =>
        new OtlpExporter(context.Id.ToString(), new OtlpGrpcTransport(options, OtlpHandlerFactory.Create(options)), json: false, context.Time, context.LoggerFactory.CreateLogger<OtlpGrpcExporterFactory>());
}
