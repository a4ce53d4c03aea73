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
}
