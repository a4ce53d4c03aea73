namespace Gateway.Exporters;

/// <summary>Builds exporters of one YAML type (<c>file</c>, <c>elasticsearch</c>, <c>slack</c> ...).</summary>
public interface IExporterFactory
{
    string Type { get; }

    /// <summary>Options with this type's defaults (queue policy, batch sizes), before the YAML is bound onto them.</summary>
    ExporterOptions CreateDefaultOptions();

    IEventExporter Create(ExporterContext context);
}
