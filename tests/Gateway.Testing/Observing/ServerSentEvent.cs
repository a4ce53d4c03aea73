namespace Gateway.Testing.Observing;

/// <summary>One event of a text/event-stream: its <c>event:</c> name (null for the default) and its data.</summary>
public readonly record struct ServerSentEvent(string? Name, string Data);
