using Gateway.Exporters;

namespace Gateway.Testing.Exporters;

/// <summary>The <c>capture</c> exporter has only the shared queue/batch/retry options.</summary>
public sealed class CapturingExporterOptions : ExporterOptions;
