namespace Gateway.Otlp.Events;

/// <summary>
/// What became of a request's events, for the answer: how many were accepted and rejected, and the first
/// <see cref="MaxReported"/> problems by index (rejections, and warnings about accepted events), so a body full of
/// bad events cannot make an unbounded answer.
/// </summary>
public sealed class EventOutcomes
{
    public const int MaxReported = 10;

    private readonly List<EventProblem> _reported = [];

    public int Accepted { get; private set; }

    public int Rejected { get; private set; }

    public IReadOnlyList<EventProblem> Reported => _reported;

    /// <summary>The first rejection's index and reason, for the log.</summary>
    public EventProblem? FirstRejection { get; private set; }

    public void Accept() => Accepted++;

    public void Reject(int index, string reason)
    {
        Rejected++;
        var problem = new EventProblem(index, reason, Warning: false);
        FirstRejection ??= problem;
        Report(problem);
    }

    public void Warn(int index, string reason) => Report(new EventProblem(index, reason, Warning: true));

    private void Report(EventProblem problem)
    {
        if (_reported.Count < MaxReported) _reported.Add(problem);
    }
}
