using Gateway.Configuration;
using Gateway.Exporters.ConsoleExport;
using Gateway.Processors;
using Gateway.Processors.Redaction;
using Gateway.Processors.Sampling;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Tests.Processors;

/// <summary>Builds processors the way the host does: gateway.yaml through the loader, then the factory.</summary>
public static class TestProcessors
{
    public static ComponentCatalog Catalog() => new ComponentCatalog().Add(new SamplingProcessorFactory()).Add(new RedactionProcessorFactory()).Add(new ConsoleExporterFactory());

    /// <summary>
    /// Loads a processors block; a configuration must deliver somewhere, so one without <c>exporters:</c> gets the
    /// console exporter appended (after the last line, so the lines errors name stay where the test wrote them).
    /// </summary>
    public static GatewayConfig Load(string yaml) =>
        new GatewayConfigLoader(Catalog(), _ => null).Load(yaml.Contains("exporters:", StringComparison.Ordinal) ? yaml : yaml.TrimEnd('\n') + "\nexporters:\n  console: {}\n", "gateway.yaml");

    /// <summary>The processor configured under <c>processors: {id}:</c> in <paramref name="yaml"/>.</summary>
    public static T Create<T>(string yaml, string id, TimeProvider? time = null) where T : IEventProcessor
    {
        var config = Load(yaml);
        if (!ComponentId.TryParse(id, out var componentId)) throw new ArgumentException($"'{id}' is not a component id", nameof(id));
        var factory = Catalog().Processors[componentId.Type];
        return (T)factory.Create(new ProcessorContext
        {
            Id = componentId,
            Options = config.Processors[componentId],
            LoggerFactory = NullLoggerFactory.Instance,
            Time = time ?? TimeProvider.System,
        });
    }
}
