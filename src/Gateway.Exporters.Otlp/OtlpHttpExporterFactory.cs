using Gateway.Exporters.Otlp.Configuration;
using Gateway.Exporters.Otlp.Transport;
using Microsoft.Extensions.Logging;

namespace Gateway.Exporters.Otlp;

/// <summary>Builds <c>otlp_http</c> exporters: OTLP/HTTP (protobuf or JSON) to a collector, a vendor or another gateway.</summary>
public sealed class OtlpHttpExporterFactory : ExporterFactory<OtlpHttpExporterOptions>
{
    public override string Type => "otlp_http";

    protected override IEventExporter Create(ExporterContext context, OtlpHttpExporterOptions options) =>
        new OtlpExporter(context.Id.ToString(), new OtlpHttpTransport(options, OtlpHandlerFactory.Create(options), context.Time), options.Encoding == OtlpHttpEncoding.Json, context.Time, context.LoggerFactory.CreateLogger<OtlpHttpExporterFactory>());
}
