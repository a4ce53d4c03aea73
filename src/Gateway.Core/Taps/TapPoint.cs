namespace Gateway.Taps;

/// <summary>Where in the pipeline a tap watches: as received, after the processors, or as handed to one exporter.</summary>
public readonly record struct TapPoint(TapStage Stage, string? Exporter = null)
{
    public const string ReceivedName = "received";
    public const string ProcessedName = "processed";

    public static TapPoint Received => new(TapStage.Received);

    public static TapPoint Processed => new(TapStage.Processed);

    public static TapPoint At(string exporter) => new(TapStage.Exporter, exporter);

    /// <summary>"received", "processed" or the exporter id, as <c>--at</c> and <c>?at=</c> take it.</summary>
    public override string ToString() => Stage switch
    {
        TapStage.Received => ReceivedName,
        TapStage.Processed => ProcessedName,
        _ => Exporter!,
    };
}
