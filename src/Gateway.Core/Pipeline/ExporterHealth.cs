namespace Gateway.Pipeline;

/// <summary>
/// Whether an exporter's destination is currently taking its batches, for the readiness endpoint: ok, or retrying
/// since the first failed attempt with the last error. Written by the lane's workers, read by health checks.
/// </summary>
public sealed class ExporterHealth
{
    private static readonly ExporterHealthState Ok = new(null, null);

    // One immutable state swapped whole, so a reader never sees a "since" from one failure with another's error.
    private volatile ExporterHealthState _state = Ok;

    public ExporterHealthState Current => _state;

    /// <summary>A batch went through: the destination works again.</summary>
    public void MarkDelivered()
    {
        if (_state.RetryingSince is not null) _state = Ok;
    }

    /// <summary>An attempt failed and will be retried; the first failure of a run sets "since".</summary>
    public void MarkRetrying(string error, DateTimeOffset now)
    {
        var current = _state;
        _state = new ExporterHealthState(current.RetryingSince ?? now, error);
    }
}
