namespace Gateway.Exporters.Elasticsearch.Query;

/// <summary>
/// Where the query API finds an event's parts in the documents of <c>mapping: ecs</c> (see EcsDocumentWriter): the
/// event name in <c>event.action</c>, its tags in <c>labels.*</c>, the level in <c>log.level</c> ...
/// </summary>
public static class EventFields
{
    public const string Time = "@timestamp";
    public const string Name = "event.action";
    public const string Id = "event.id";
    public const string Level = "log.level";
    public const string Service = "service.name";
    public const string Environment = "service.environment";
    public const string ActorId = "actor.id";
    public const string ScopeType = "scope.type";
    public const string ScopeId = "scope.id";
    public const string Value = "value";

    public const string GroupByForms = "tags.<key>, service, environment, level, name, actor.id or attributes.<key>";

    /// <summary>The keyword field a <c>group_by</c> value names, or null when it names none.</summary>
    public static string? GroupField(string groupBy)
    {
        switch (groupBy)
        {
            case "service": return Service;
            case "environment": return Environment;
            case "level": return Level;
            case "name": return Name;
            case "actor.id": return ActorId;
        }

        if (groupBy.StartsWith("tags.", StringComparison.Ordinal) && groupBy.Length > 5) return Label(groupBy[5..]);
        // attributes is flattened: each key is a keyword sub-field, whatever its dots.
        if (groupBy.StartsWith("attributes.", StringComparison.Ordinal) && groupBy.Length > 11) return groupBy;
        return null;
    }

    /// <summary>A tag's field: the exporter writes tag keys with dots as '_' (ECS labels are flat keywords).</summary>
    public static string Label(string key) => "labels." + LabelKey(key);

    private static string LabelKey(string key) => key.Replace('.', '_');
}
