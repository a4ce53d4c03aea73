using Gateway.Envelope;

namespace Gateway.Processors;

/// <summary>
/// A step between mapping and routing. It may rewrite envelopes in place, remove them (sampling) or add envelopes
/// it released (sampling's rescued events). It runs on the receiving thread, so it must not block.
/// </summary>
public interface IEventProcessor
{
    void Process(List<EventEnvelope> envelopes);
}
