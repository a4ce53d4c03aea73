using Gateway.Exporters;

namespace Gateway.Testing.Pipeline;

public sealed class ControllableExporterOptions : ExporterOptions
{
}
