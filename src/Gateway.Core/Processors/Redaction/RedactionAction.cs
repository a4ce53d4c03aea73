namespace Gateway.Processors.Redaction;

/// <summary>What a redaction rule does with what it found.</summary>
public enum RedactionAction
{
    /// <summary>Replace with <c>[REDACTED]</c> (key rules) or <c>[REDACTED:label]</c> (value detectors).</summary>
    Mask,

    /// <summary>Replace with <c>hash:</c> and 16 hex characters of an HMAC-SHA256, so equal values stay searchable and joinable.</summary>
    Hash,

    /// <summary>Remove the attribute (or the text field) that holds the value.</summary>
    Drop,

    /// <summary>The rule is switched off.</summary>
    Off,
}
