namespace Gateway.Envelope;

/// <summary>The OTLP AnyValue kinds, kept so exporters can write each value with its own JSON type.</summary>
public enum AttributeKind : byte
{
    Empty = 0,
    String,
    Bool,
    Long,
    Double,
    Bytes,
    Array,
    Map,
}
