namespace Gateway.Exporters.Otlp.Configuration;

/// <summary>The exporters' <c>compression:</c>, as the collector's (gzip by default).</summary>
public enum OtlpCompression : byte
{
    Gzip,
    Zstd,
    None,
}
