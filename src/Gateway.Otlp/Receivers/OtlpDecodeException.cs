namespace Gateway.Otlp.Receivers;

/// <summary>A request body that cannot be decoded (bad JSON shape, bad hex id, broken gzip): answered with 400.</summary>
public sealed class OtlpDecodeException(string message, Exception? inner = null) : Exception(message, inner);
