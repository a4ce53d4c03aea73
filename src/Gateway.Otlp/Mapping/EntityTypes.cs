namespace Gateway.Otlp.Mapping;

/// <summary>The actor/scope types the mapper fills in when the record names an entity only by a well-known key.</summary>
internal static class EntityTypes
{
    public const string User = "user";
    public const string Tenant = "tenant";
    public const string Organization = "organization";

    /// <summary>actor.id / scope.id (or tags) without a type.</summary>
    public const string Unknown = "unknown";
}
