namespace Gateway.Pipeline;

/// <summary>One reading of an exporter's health: <see cref="RetryingSince"/> is null while it delivers.</summary>
public sealed record ExporterHealthState(DateTimeOffset? RetryingSince, string? LastError)
{
    public bool IsRetrying => RetryingSince is not null;
}
