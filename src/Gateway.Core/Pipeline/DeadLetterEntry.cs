namespace Gateway.Pipeline;

/// <summary>Why one group of events is dead-lettered: the fields of each line besides the event itself.</summary>
/// <param name="Code">Short reason for metrics (see <see cref="DeadLetterReasons"/>).</param>
/// <param name="Reason">The destination's or the gateway's explanation.</param>
/// <param name="ErrorType">The destination's error type for item failures, else the code.</param>
/// <param name="Target">Where the events were going (index, channel, project), when the exporter said.</param>
public readonly record struct DeadLetterEntry(string Code, string Reason, string ErrorType, string? Target = null);
