namespace Gateway.Pipeline;

/// <summary>What one exporter could not deliver before the shutdown timeout.</summary>
/// <param name="DeadLettered">Events still queued (or mid-retry) that went to the dead-letter file instead.</param>
/// <param name="StillInFlight">Events in an export call that did not return even when cancelled.</param>
public sealed record ExporterShutdownReport(string Exporter, int DeadLettered, int StillInFlight)
{
    /// <summary>Events a persistent queue keeps on disk (queued, or in an export call that never confirmed) for the next start.</summary>
    public int KeptOnDisk { get; init; }

    public int Undelivered => DeadLettered + StillInFlight + KeptOnDisk;
}
