namespace Gateway.Exporters.Otlp.Configuration;

/// <summary>The <c>otlp_http</c> exporter's body: protobuf (the default, as the collector's) or OTLP/JSON.</summary>
public enum OtlpHttpEncoding : byte
{
    Proto,
    Json,
}
