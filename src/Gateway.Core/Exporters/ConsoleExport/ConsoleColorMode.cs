namespace Gateway.Exporters.ConsoleExport;

public enum ConsoleColorMode : byte
{
    /// <summary>Colour when standard output is a terminal and NO_COLOR is not set.</summary>
    Auto,
    Always,
    Never,
}
