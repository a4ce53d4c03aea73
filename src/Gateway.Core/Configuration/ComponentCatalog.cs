using Gateway.Exporters;
using Gateway.Processors;

namespace Gateway.Configuration;

/// <summary>Every component type the gateway knows, keyed by its YAML type. The host fills it; config binding reads it.</summary>
public sealed class ComponentCatalog
{
    public Dictionary<string, IReceiverFactory> Receivers { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, IProcessorFactory> Processors { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, IExporterFactory> Exporters { get; } = new(StringComparer.Ordinal);

    public ComponentCatalog Add(IReceiverFactory factory) { Receivers.Add(factory.Type, factory); return this; }

    public ComponentCatalog Add(IProcessorFactory factory) { Processors.Add(factory.Type, factory); return this; }

    public ComponentCatalog Add(IExporterFactory factory) { Exporters.Add(factory.Type, factory); return this; }
}
