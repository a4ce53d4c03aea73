namespace Gateway.Exporters;

/// <summary>Typed base for exporter factories: the options arrive already bound and validated.</summary>
public abstract class ExporterFactory<TOptions> : IExporterFactory
    where TOptions : ExporterOptions, new()
{
    public abstract string Type { get; }

    public virtual TOptions CreateDefaultOptions() => new();

    ExporterOptions IExporterFactory.CreateDefaultOptions() => CreateDefaultOptions();

    public IEventExporter Create(ExporterContext context) => Create(context, (TOptions)context.Options);

    protected abstract IEventExporter Create(ExporterContext context, TOptions options);
}
