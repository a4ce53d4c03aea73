namespace Gateway.Otlp.Events;

/// <summary>A body that is not JSON of the accepted forms as a whole (no event in it can be told apart): answered 400 with the message.</summary>
internal sealed class EventsBodyException(string message) : Exception(message);
