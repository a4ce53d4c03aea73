namespace Gateway.Exporters.Otlp.LoadBalancing;

/// <summary>Builds <c>loadbalancing</c> exporters (the collector's name): session-affine OTLP/gRPC to several gateways.</summary>
public sealed class LoadBalancingExporterFactory : ExporterFactory<LoadBalancingExporterOptions>
{
    public override string Type => "loadbalancing";

    /// <summary>The hand-off to the backends' queues is quick: batches wait little here, the backends batch again.</summary>
    public override LoadBalancingExporterOptions CreateDefaultOptions()
    {
        var options = new LoadBalancingExporterOptions();
        options.Batch.MaxWait = TimeSpan.FromMilliseconds(20);
        return options;
    }

    protected override IEventExporter Create(ExporterContext context, LoadBalancingExporterOptions options) => new LoadBalancingExporter(context, options);
}
