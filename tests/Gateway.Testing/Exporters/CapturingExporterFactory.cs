using Gateway.Exporters;

namespace Gateway.Testing.Exporters;

/// <summary>
/// Test-only exporter type <c>capture</c> (add it through <see cref="TestGateway.StartAsync(string, Action{Gateway.Configuration.ComponentCatalog}?, IReadOnlyDictionary{string, string}?)"/>);
/// the instances it builds are reachable by their YAML id, e.g. <c>factory["capture/errors"]</c>.
/// </summary>
public sealed class CapturingExporterFactory : ExporterFactory<CapturingExporterOptions>
{
    private readonly Dictionary<string, CapturingExporter> _built = new(StringComparer.Ordinal);

    public override string Type => "capture";

    public CapturingExporter this[string id]
    {
        get
        {
            lock (_built) return _built[id];
        }
    }

    protected override IEventExporter Create(ExporterContext context, CapturingExporterOptions options)
    {
        var exporter = new CapturingExporter();
        lock (_built) _built[context.Id.ToString()] = exporter;
        return exporter;
    }
}
