using Gateway.Configuration;

namespace Gateway.Exporters.ConsoleExport;

public sealed class ConsoleExporterOptions : ExporterOptions
{
    public ConsoleFormat Format { get; set; } = ConsoleFormat.Text;

    public ConsoleColorMode Color { get; set; } = ConsoleColorMode.Auto;

    /// <summary>How many attributes the text line shows after the message (the rest are counted as "+N").</summary>
    public int MaxAttributes { get; set; } = 6;

    public override void Validate(OptionsValidationContext context)
    {
        if (MaxAttributes < 0) context.Error("max_attributes", $"must be 0 or more, got {MaxAttributes}");
    }
}
