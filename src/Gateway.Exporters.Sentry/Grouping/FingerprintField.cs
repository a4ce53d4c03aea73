namespace Gateway.Exporters.Sentry.Grouping;

internal enum FingerprintField : byte
{
    Literal,
    Service,
    Name,
    ErrorName,
    Message,
    Level,
    Environment,
    Attribute,

    /// <summary>Sentry's own grouping as one component, so users can refine it rather than replace it.</summary>
    Default,
}
