namespace Gateway.Exporters.FileExport;

public sealed class FileExporterFactory : ExporterFactory<FileExporterOptions>
{
    public override string Type => "file";

    protected override IEventExporter Create(ExporterContext context, FileExporterOptions options) => new FileExporter(options);
}
