using Gateway.Queues;

namespace Gateway.Exporters.ConsoleExport;

public sealed class ConsoleExporterFactory : ExporterFactory<ConsoleExporterOptions>
{
    public override string Type => "console";

    /// <summary>A terminal that cannot keep up should lose screen lines, never stall the other exporters.</summary>
    public override ConsoleExporterOptions CreateDefaultOptions() => new() { Queue = new QueueOptions { Policy = QueueFullPolicy.DropOldest } };

    protected override IEventExporter Create(ExporterContext context, ConsoleExporterOptions options)
    {
        var color = options.Color switch
        {
            ConsoleColorMode.Always => true,
            ConsoleColorMode.Never => false,
            _ => !System.Console.IsOutputRedirected && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR")),
        };
        return new ConsoleExporter(options, System.Console.OpenStandardOutput(), color);
    }
}
