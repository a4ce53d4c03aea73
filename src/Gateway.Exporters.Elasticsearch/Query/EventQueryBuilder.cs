using System.Globalization;
using System.Text.Json;

namespace Gateway.Exporters.Elasticsearch.Query;

/// <summary>A filter as Elasticsearch's query DSL: a bool of filters (term, terms, wildcard, range), no scoring.</summary>
public static class EventQueryBuilder
{
    /// <summary>Writes <c>"query": {"bool": {"filter": [...]}}</c> into the open request object.</summary>
    public static void WriteQuery(Utf8JsonWriter writer, EventFilter filter)
    {
        writer.WriteStartObject("query");
        writer.WriteStartObject("bool");
        writer.WriteStartArray("filter");
        if (filter.Name is { } name)
        {
            if (name.Contains('*', StringComparison.Ordinal)) WriteLeaf(writer, "wildcard", EventFields.Name, name);
            else WriteLeaf(writer, "term", EventFields.Name, name);
        }

        if (filter.From is not null || filter.To is not null)
        {
            writer.WriteStartObject();
            writer.WriteStartObject("range");
            writer.WriteStartObject(EventFields.Time);
            if (filter.From is { } from) writer.WriteString("gte", Instant(from));
            if (filter.To is { } to) writer.WriteString("lt", Instant(to));
            writer.WriteString("format", "strict_date_optional_time");
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        foreach (var (key, value) in filter.Tags) WriteLeaf(writer, "term", EventFields.Label(key), value);
        if (filter.Levels.Count == 1) WriteLeaf(writer, "term", EventFields.Level, filter.Levels[0]);
        if (filter.Levels.Count > 1)
        {
            writer.WriteStartObject();
            writer.WriteStartObject("terms");
            writer.WriteStartArray(EventFields.Level);
            foreach (var level in filter.Levels) writer.WriteStringValue(level);
            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        if (filter.Service is { } service) WriteLeaf(writer, "term", EventFields.Service, service);
        if (filter.Scope is { } scope)
        {
            WriteLeaf(writer, "term", EventFields.ScopeType, scope.Type);
            WriteLeaf(writer, "term", EventFields.ScopeId, scope.Id);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary><c>{"term": {"field": {"value": "..."}}}</c>, and the same shape for <c>wildcard</c>.</summary>
    private static void WriteLeaf(Utf8JsonWriter writer, string kind, string field, string value)
    {
        writer.WriteStartObject();
        writer.WriteStartObject(kind);
        writer.WriteStartObject(field);
        writer.WriteString("value", value);
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>UTC with seven fractional digits: no precision of the asked bound is lost to the format.</summary>
    private static string Instant(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffff'Z'", CultureInfo.InvariantCulture);
}
