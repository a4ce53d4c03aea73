namespace Gateway.Otlp.Events;

/// <summary>An entry of the answer's <c>errors</c>: the event's index in the body and why it was rejected, or, for an accepted event, what the sender should know.</summary>
public readonly record struct EventProblem(int Index, string Reason, bool Warning);
