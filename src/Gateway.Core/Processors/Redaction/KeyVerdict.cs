namespace Gateway.Processors.Redaction;

/// <summary>What the key rules say about one attribute key.</summary>
public enum KeyVerdict
{
    /// <summary>The key may stay; its value still goes through the value detectors.</summary>
    Inspect,

    /// <summary>The key matches a blocked key pattern: its whole value is redacted.</summary>
    Blocked,

    /// <summary>Allow-list mode and the key is not listed: its whole value is redacted.</summary>
    NotAllowed,

    /// <summary>The key is listed in <c>ignored_keys</c>: nothing touches it.</summary>
    Ignore,
}
