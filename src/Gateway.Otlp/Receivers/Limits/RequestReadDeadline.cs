namespace Gateway.Otlp.Receivers.Limits;

/// <summary>
/// <c>read_timeout</c> of one request, set as a request feature by <see cref="ReadTimeoutMiddleware"/>: the body must
/// have arrived in full within it. The receiver says <see cref="BodyRead"/> once it has the whole body; until then a
/// client trickling its body holds a request slot for at most the timeout.
/// </summary>
public sealed class RequestReadDeadline : IDisposable
{
    private readonly CancellationTokenSource _deadline;
    private volatile bool _bodyRead;

    public RequestReadDeadline(TimeSpan timeout, TimeProvider time)
    {
        Timeout = timeout;
        _deadline = new CancellationTokenSource(timeout, time);
    }

    public TimeSpan Timeout { get; }

    /// <summary>Cancelled when the timeout passes before the body was read.</summary>
    public CancellationToken Token => _deadline.Token;

    public bool IsBodyRead => _bodyRead;

    /// <summary>True once the timeout passed with the body still arriving.</summary>
    public bool Expired => _deadline.IsCancellationRequested && !_bodyRead;

    /// <summary>The whole body is in: the deadline no longer applies to this request.</summary>
    public void BodyRead()
    {
        _bodyRead = true;
        if (!_deadline.IsCancellationRequested) _deadline.CancelAfter(System.Threading.Timeout.InfiniteTimeSpan);
    }

    public void Dispose() => _deadline.Dispose();
}
