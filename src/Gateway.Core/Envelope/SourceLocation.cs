namespace Gateway.Envelope;

/// <summary>Where in the sender's code the event was raised.</summary>
public sealed class SourceLocation
{
    /// <summary>The logger or component that emitted the event (instrumentation scope, else code.namespace).</summary>
    public string? Causer { get; init; }

    public string? File { get; init; }

    public long? Line { get; init; }

    public string? Function { get; init; }
}
