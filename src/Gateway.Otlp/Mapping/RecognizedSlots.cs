using System.Runtime.CompilerServices;
using ProtoKeyValue = Gateway.Otlp.Proto.Common.V1.KeyValue;

namespace Gateway.Otlp.Mapping;

/// <summary>
/// The recognized attributes of one record, found in a single pass, held on the stack. A slot that no envelope field
/// takes (an alternate that lost, or a value of an unusable type) goes back to the attributes, so nothing is lost.
/// </summary>
[InlineArray((int)RecognizedKey.Count)]
internal struct RecognizedSlots
{
    private ProtoKeyValue? _first;

    /// <summary>The slot's value as text, emptying the slot; null (slot kept) when absent or not a scalar.</summary>
    public string? Take(RecognizedKey key) => Consume(key, AnyValueText.AsText(this[(int)key]?.Value));

    public long? TakeLong(RecognizedKey key) => Consume(key, AnyValueText.AsLong(this[(int)key]?.Value));

    public double? TakeNumber(RecognizedKey key) => Consume(key, AnyValueText.AsNumber(this[(int)key]?.Value));

    public bool? TakeBool(RecognizedKey key) => Consume(key, AnyValueText.AsBool(this[(int)key]?.Value));

    private T Consume<T>(RecognizedKey key, T value)
    {
        if (value is not null) this[(int)key] = null;
        return value;
    }
}
