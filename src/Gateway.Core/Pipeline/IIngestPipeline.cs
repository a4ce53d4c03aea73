using Gateway.Envelope;

namespace Gateway.Pipeline;

/// <summary>
/// What receivers hand their mapped envelopes to: processors, routing and the exporters' queues.
/// When the result is Accepted the receiver may acknowledge the request to its client.
/// </summary>
public interface IIngestPipeline
{
    ValueTask<IngestResult> IngestAsync(List<EventEnvelope> envelopes, CancellationToken cancellationToken);
}
