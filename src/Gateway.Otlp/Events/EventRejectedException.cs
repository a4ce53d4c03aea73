namespace Gateway.Otlp.Events;

/// <summary>One event cannot be accepted (no name, a time that is not a time): it is reported by index and the others go on.</summary>
internal sealed class EventRejectedException(string reason) : Exception(reason);
