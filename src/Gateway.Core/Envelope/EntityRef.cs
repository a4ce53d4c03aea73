namespace Gateway.Envelope;

/// <summary>Who did something (actor) or what it concerns (scope): a type, an id and free-form tags.</summary>
public sealed class EntityRef
{
    public required string Type { get; init; }

    public string? Id { get; init; }

    /// <summary>Redaction may rewrite tag values in place before the envelope reaches an exporter.</summary>
    public KeyValue[] Tags { get; set; } = [];
}
