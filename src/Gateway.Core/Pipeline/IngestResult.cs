namespace Gateway.Pipeline;

public readonly record struct IngestResult(IngestStatus Status, TimeSpan RetryAfter = default, string? Reason = null)
{
    public static IngestResult Accepted { get; } = new(IngestStatus.Accepted);
}
