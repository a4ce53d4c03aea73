namespace Gateway.Envelope;

/// <summary>What redaction did to an envelope, without revealing any value: how many replacements and which keys.</summary>
public sealed class RedactionSummary
{
    public int Count { get; init; }

    public string[] Keys { get; init; } = [];
}
