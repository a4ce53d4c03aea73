using Gateway.Configuration;
using Gateway.Exporters.Console;
using Gateway.Exporters.File;
using Gateway.Exporters.Sentry;
using Gateway.Otlp.Receivers;

namespace Gateway.Host.Hosting;

/// <summary>The one place that knows every component type: receivers, processors and exporters by YAML type.</summary>
public static class GatewayCatalog
{
    public static ComponentCatalog Create() => new ComponentCatalog()
        .Add(new OtlpReceiverFactory())
        .Add(new ConsoleExporterFactory())
        .Add(new FileExporterFactory())
        .Add(new SentryExporterFactory());
}
