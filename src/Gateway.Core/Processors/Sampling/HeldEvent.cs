using Gateway.Envelope;

namespace Gateway.Processors.Sampling;

/// <summary>
/// One held event in its compact form: the envelope in the held form of <see cref="EnvelopeBinaryCodec"/> (an
/// exact-size array; its level and time are read from it without decoding), the parts it shares with the other
/// envelopes of its resource, and its arrival number.
/// </summary>
public readonly record struct HeldEvent(byte[] Bytes, EnvelopeSharedParts Shared, long Sequence)
{
    public EventLevel Level => EnvelopeBinaryCodec.PeekLevel(Bytes);
}
