using Gateway.Envelope;
using Gateway.Processors.Sampling;

namespace Gateway.Pipeline;

/// <summary>
/// What receivers hand their mapped envelopes to: processors, routing and the exporters' queues.
/// When the result is Accepted the receiver may acknowledge the request to its client.
/// </summary>
public interface IIngestPipeline
{
    ValueTask<IngestResult> IngestAsync(List<EventEnvelope> envelopes, CancellationToken cancellationToken);

    /// <summary>
    /// The sampling processor every envelope meets first, when a receiver may let it decide records before they are
    /// mapped (<see cref="SamplingProcessor.DropsUnmapped"/>); null when envelopes must all be mapped: no sampling
    /// first, a rule that reads attributes, or a live tap attached (taps show events as received).
    /// </summary>
    SamplingProcessor? FirstSampler => null;
}
