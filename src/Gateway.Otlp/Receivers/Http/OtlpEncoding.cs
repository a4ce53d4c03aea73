namespace Gateway.Otlp.Receivers.Http;

/// <summary>The two OTLP/HTTP body encodings; the response is written in the request's one.</summary>
public enum OtlpEncoding : byte
{
    Protobuf,
    Json,
}
