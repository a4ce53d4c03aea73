using EnvelopeKeyValue = Gateway.Envelope.KeyValue;

namespace Gateway.Otlp.Mapping;

/// <summary>Lists reused for every record of a request, so a record costs its final arrays and nothing more.</summary>
internal sealed class RecordScratch
{
    public List<EnvelopeKeyValue> Attributes { get; } = new(32);

    public List<EnvelopeKeyValue> Tags { get; } = new(4);

    public List<EnvelopeKeyValue> ActorTags { get; } = new(4);

    public List<EnvelopeKeyValue> ScopeTags { get; } = new(4);

    public TruncationMarks Truncated { get; } = new();

    public void Clear()
    {
        Attributes.Clear();
        Tags.Clear();
        ActorTags.Clear();
        ScopeTags.Clear();
        Truncated.Clear();
    }
}
