namespace Gateway.Testing.Elasticsearch;

/// <summary>A dynamic_templates entry: which new fields it catches (path_match, match, match_mapping_type) and the type it gives them.</summary>
internal sealed record DynamicTemplate(string? PathMatch, string? Match, string? MatchMappingType, string Type)
{
    public bool Applies(string path, string jsonType)
    {
        if (PathMatch is not null && !ElasticsearchWildcard.Matches(PathMatch, path)) return false;
        var leaf = path[(path.LastIndexOf('.') + 1)..];
        if (Match is not null && !ElasticsearchWildcard.Matches(Match, leaf)) return false;
        return MatchMappingType is null or "*" || MatchMappingType == jsonType;
    }
}
