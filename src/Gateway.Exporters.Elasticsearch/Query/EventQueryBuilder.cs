using Elastic.Clients.Elasticsearch;
using Elastic.Clients.Elasticsearch.QueryDsl;

namespace Gateway.Exporters.Elasticsearch.Query;

/// <summary>A filter as the client's typed query: a bool of filters (term, terms, wildcard, range), no scoring.</summary>
public static class EventQueryBuilder
{
    public static Elastic.Clients.Elasticsearch.QueryDsl.Query Build(EventFilter filter)
    {
        var filters = new List<Elastic.Clients.Elasticsearch.QueryDsl.Query>();
        if (filter.Name is { } name)
        {
            filters.Add(name.Contains('*', StringComparison.Ordinal)
                ? new WildcardQuery(EventFields.Name) { Value = name }
                : new TermQuery(EventFields.Name, name));
        }

        if (filter.From is not null || filter.To is not null)
        {
            filters.Add(new DateRangeQuery(EventFields.Time)
            {
                Gte = filter.From is { } from ? DateMath.Anchored(from.UtcDateTime) : null,
                Lt = filter.To is { } to ? DateMath.Anchored(to.UtcDateTime) : null,
                Format = "strict_date_optional_time",
            });
        }

        foreach (var (key, value) in filter.Tags) filters.Add(new TermQuery(EventFields.Label(key), value));
        if (filter.Levels.Count == 1) filters.Add(new TermQuery(EventFields.Level, filter.Levels[0]));
        if (filter.Levels.Count > 1)
        {
            var levels = new List<FieldValue>(filter.Levels.Count);
            foreach (var level in filter.Levels) levels.Add(level);
            filters.Add(new TermsQuery { Field = EventFields.Level, Terms = new TermsQueryField(levels) });
        }

        if (filter.Service is { } service) filters.Add(new TermQuery(EventFields.Service, service));
        if (filter.Scope is { } scope)
        {
            filters.Add(new TermQuery(EventFields.ScopeType, scope.Type));
            filters.Add(new TermQuery(EventFields.ScopeId, scope.Id));
        }

        return new BoolQuery { Filter = filters };
    }
}
