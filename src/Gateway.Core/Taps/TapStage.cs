namespace Gateway.Taps;

public enum TapStage : byte
{
    /// <summary>As the receiver mapped it: before sampling and redaction.</summary>
    Received,

    /// <summary>After every processor: sampled and redacted, as the routes see it.</summary>
    Processed,

    /// <summary>What the routes handed to one exporter's queue.</summary>
    Exporter,
}
