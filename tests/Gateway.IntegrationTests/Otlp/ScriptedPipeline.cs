using Gateway.Envelope;
using Gateway.Pipeline;

namespace Gateway.IntegrationTests.Otlp;

/// <summary>A pipeline that answers with the queued results in turn (then Accepted) and keeps what it accepted.</summary>
public sealed class ScriptedPipeline : IIngestPipeline
{
    private readonly Queue<IngestResult> _script;
    private readonly List<EventEnvelope> _accepted = [];
    private int _calls;

    public ScriptedPipeline(params IngestResult[] script) => _script = new Queue<IngestResult>(script);

    public int Calls => Volatile.Read(ref _calls);

    public IReadOnlyList<EventEnvelope> Accepted
    {
        get
        {
            lock (_accepted) return _accepted.ToArray();
        }
    }

    public ValueTask<IngestResult> IngestAsync(List<EventEnvelope> envelopes, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        IngestResult result;
        lock (_script) result = _script.Count > 0 ? _script.Dequeue() : IngestResult.Accepted;
        if (result.Status == IngestStatus.Accepted)
        {
            lock (_accepted) _accepted.AddRange(envelopes);
        }

        return ValueTask.FromResult(result);
    }
}
