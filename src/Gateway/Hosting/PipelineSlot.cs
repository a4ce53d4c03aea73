using Gateway.Envelope;
using Gateway.Pipeline;
using Gateway.Processors.Sampling;

namespace Gateway.Host.Hosting;

/// <summary>
/// What the receivers are given as their pipeline: the runtime is built from the app's services, so it is filled in
/// after the container exists, and a configuration reload swaps in its successor in one step. Registered as an
/// instance so the container never disposes the runtime it forwards to (the host owns the runtime's lifetime).
/// </summary>
internal sealed class PipelineSlot : IIngestPipeline
{
    private volatile IIngestPipeline? _target;

    public void Set(IIngestPipeline target) => _target = target;

    /// <summary>The runtime now taking requests (swapped by a reload), or null before the first is built.</summary>
    public GatewayRuntime? Current => _target as GatewayRuntime;

    public SamplingProcessor? FirstSampler => _target?.FirstSampler;

    public async ValueTask<IngestResult> IngestAsync(List<EventEnvelope> envelopes, CancellationToken cancellationToken)
    {
        while (true)
        {
            var target = _target ?? throw new InvalidOperationException("The gateway runtime has not been built yet.");
            var result = await target.IngestAsync(envelopes, cancellationToken).ConfigureAwait(false);

            // A runtime retired by a reload turns a request away before touching it; its successor takes it instead.
            if (result.Status != IngestStatus.ShuttingDown || ReferenceEquals(target, _target)) return result;
        }
    }
}
