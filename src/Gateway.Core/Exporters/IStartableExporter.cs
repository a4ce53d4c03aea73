namespace Gateway.Exporters;

/// <summary>
/// An exporter with set-up work at start (Elasticsearch templates, a DSN check). A failure is logged with what to
/// fix; the gateway still starts and the exporter's queue keeps events until the destination works.
/// </summary>
public interface IStartableExporter
{
    Task StartAsync(CancellationToken cancellationToken);
}
