namespace Gateway.Otlp.Mapping;

/// <summary>
/// Records a decoder found invalid but kept in the request, so that record numbering stays that of the request
/// (e.g. an OTLP/JSON record whose timeUnixNano is negative): the mapper rejects them into partial_success with
/// the reason given here instead of failing the whole request.
/// </summary>
public sealed class RecordFaults
{
    private readonly Dictionary<int, string> _reasons = [];

    public int Count => _reasons.Count;

    /// <summary>The first fault of a record is the one reported.</summary>
    public void Add(int recordIndex, string reason) => _reasons.TryAdd(recordIndex, reason);

    public string? ReasonFor(int recordIndex) => _reasons.GetValueOrDefault(recordIndex);
}
