namespace Gateway.Testing.Elasticsearch;

/// <summary>
/// One mapped field (by its full dotted path): its type, whether an object is parsed at all, a constant_keyword's value,
/// and its own ignore_malformed (null: the index setting applies).
/// </summary>
internal sealed record FieldMapping(string Type, bool Enabled = true, string? ConstantValue = null, bool? IgnoreMalformed = null);
