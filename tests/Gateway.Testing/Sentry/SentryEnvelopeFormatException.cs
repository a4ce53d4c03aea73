namespace Gateway.Testing.Sentry;

/// <summary>An envelope Sentry would refuse with 400; the message is what the double puts in "detail".</summary>
public sealed class SentryEnvelopeFormatException(string message) : Exception(message);
