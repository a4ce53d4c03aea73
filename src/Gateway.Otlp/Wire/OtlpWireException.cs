namespace Gateway.Otlp.Wire;

/// <summary>Bytes that are not a valid protobuf message; the receivers answer 400 / INVALID_ARGUMENT with the message.</summary>
public sealed class OtlpWireException(string message) : Exception(message);
