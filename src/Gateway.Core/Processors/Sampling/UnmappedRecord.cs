using Gateway.Envelope;

namespace Gateway.Processors.Sampling;

/// <summary>
/// What sampling reads of a record that has not been mapped to an envelope yet, taken straight from the wire: the
/// envelope fields a decision depends on, with the session and trace ids still as bytes.
/// </summary>
public readonly ref struct UnmappedRecord
{
    public required EventLevel Level { get; init; }

    public required string Service { get; init; }

    /// <summary>The envelope's name; only filled when <see cref="SamplingProcessor.RulesReadName"/>.</summary>
    public ReadOnlySpan<char> Name { get; init; }

    /// <summary>True when the record names its session (session.id, else context.id) as a string, even an empty one.</summary>
    public bool HasSessionAttribute { get; init; }

    /// <summary>That session id's UTF-8 bytes.</summary>
    public ReadOnlySpan<byte> Session { get; init; }

    /// <summary>The 16-byte trace id, or empty when the record has none (absent or all zero).</summary>
    public ReadOnlySpan<byte> TraceId { get; init; }

    /// <summary>The record carries the priority attribute (whatever its value).</summary>
    public bool HasPriority { get; init; }
}
