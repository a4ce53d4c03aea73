using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Gateway.Testing.Elasticsearch;

/// <summary>
/// The double's <c>_search</c> and <c>_count</c> over stored documents, for the subset the query API uses: bool filters
/// of term, terms, wildcard and range (match_all too), sort with search_after, size, and the terms, stats and
/// date_histogram aggregations, answered in Elasticsearch's documented shapes (<c>typed_keys</c> honoured). Anything
/// else is refused as Elasticsearch refuses an unknown query or aggregation.
/// </summary>
internal static class SearchProcessor
{
    public static (JsonObject? Answer, ItemError? Error) Search(IReadOnlyList<DoubleIndex> indices, JsonObject body, bool typedKeys)
    {
        try
        {
            var matching = Filter(indices, body["query"]);
            var hits = new JsonArray();
            var sort = SortFields(body["sort"]);
            var ordered = Sort(matching, sort);
            if (body["search_after"] is JsonArray after) ordered = ordered.Where(d => Compare(SortValues(d.Document, sort), after, sort) > 0).ToList();
            var size = body["size"] is JsonValue s ? s.GetValue<int>() : 10;
            foreach (var (index, document) in ordered.Take(size))
            {
                var hit = new JsonObject { ["_index"] = index.BackingIndex, ["_id"] = document.Id, ["_score"] = null, ["_source"] = JsonNode.Parse(document.Source.GetRawText()) };
                if (sort.Count > 0) hit["sort"] = SortValues(document, sort);
                hits.Add(hit);
            }

            var hitsJson = new JsonObject();
            if (body["track_total_hits"] is not JsonValue track || !track.TryGetValue<bool>(out var tracked) || tracked)
            {
                hitsJson["total"] = new JsonObject { ["value"] = matching.Count, ["relation"] = "eq" };
            }

            hitsJson["max_score"] = null;
            hitsJson["hits"] = hits;
            var answer = new JsonObject
            {
                ["took"] = 1,
                ["timed_out"] = false,
                ["_shards"] = Shards(indices.Count),
                ["hits"] = hitsJson,
            };
            if ((body["aggregations"] ?? body["aggs"]) is JsonObject aggregations) answer["aggregations"] = Aggregate(matching.Select(m => m.Document).ToList(), aggregations, typedKeys);
            return (answer, null);
        }
        catch (QueryNotSupportedException e)
        {
            return (null, new ItemError(400, e.Type, e.Message));
        }
    }

    public static (JsonObject? Answer, ItemError? Error) Count(IReadOnlyList<DoubleIndex> indices, JsonObject? body)
    {
        try
        {
            var matching = Filter(indices, body?["query"]);
            return (new JsonObject { ["count"] = matching.Count, ["_shards"] = Shards(indices.Count) }, null);
        }
        catch (QueryNotSupportedException e)
        {
            return (null, new ItemError(400, e.Type, e.Message));
        }
    }

    private static JsonObject Shards(int total) => new() { ["total"] = total, ["successful"] = total, ["skipped"] = 0, ["failed"] = 0 };

    private static List<(DoubleIndex Index, StoredDocument Document)> Filter(IReadOnlyList<DoubleIndex> indices, JsonNode? query)
    {
        var result = new List<(DoubleIndex, StoredDocument)>();
        foreach (var index in indices)
        {
            foreach (var document in index.Documents)
            {
                if (query is null || Matches(document, query.AsObject())) result.Add((index, document));
            }
        }

        return result;
    }

    private static bool Matches(StoredDocument document, JsonObject query)
    {
        var (kind, clause) = Single(query, "query");
        switch (kind)
        {
            case "match_all":
                return true;
            case "bool":
                foreach (var occurrence in new[] { "filter", "must" })
                {
                    var clauses = clause![occurrence] switch { JsonArray array => array.Select(n => n!.AsObject()), JsonObject one => [one], _ => [] };
                    if (!clauses.All(c => Matches(document, c))) return false;
                }

                return clause!["must_not"] is not JsonArray not || !not.Any(c => Matches(document, c!.AsObject()));
            case "term":
            {
                var (field, spec) = Single(clause!.AsObject(), "term field");
                var value = spec is JsonObject o ? o["value"] : spec;
                return FieldValues(document, field).Any(v => Text(v) == Text(value!));
            }
            case "terms":
            {
                var (field, values) = Single(clause!.AsObject(), "terms field");
                var wanted = values!.AsArray().Select(v => Text(v!)).ToHashSet(StringComparer.Ordinal);
                return FieldValues(document, field).Any(v => wanted.Contains(Text(v)));
            }
            case "wildcard":
            {
                var (field, spec) = Single(clause!.AsObject(), "wildcard field");
                var pattern = (string)(spec is JsonObject o ? o["value"] ?? o["wildcard"] : spec)!;
                return FieldValues(document, field).Any(v => ElasticsearchWildcard.Matches(pattern, Text(v)));
            }
            case "range":
            {
                var (field, spec) = Single(clause!.AsObject(), "range field");
                return FieldValues(document, field).Any(v => InRange(v, spec!.AsObject()));
            }
            default:
                throw new QueryNotSupportedException("parsing_exception", $"unknown query [{kind}]");
        }
    }

    private static bool InRange(JsonNode value, JsonObject range)
    {
        var actual = Comparable(value);
        foreach (var (op, bound) in range)
        {
            if (op is "format" or "time_zone" or "boost") continue;
            var limit = Comparable(bound!);
            var order = actual.CompareTo(limit);
            var ok = op switch
            {
                "gte" => order >= 0,
                "gt" => order > 0,
                "lte" => order <= 0,
                "lt" => order < 0,
                _ => throw new QueryNotSupportedException("parsing_exception", $"[range] query does not support [{op}]"),
            };
            if (!ok) return false;
        }

        return true;
    }

    /// <summary>Dates as epoch milliseconds, numbers as they are: what a date or numeric field compares by.</summary>
    private static double Comparable(JsonNode value)
    {
        if (value is JsonValue v && v.TryGetValue<double>(out var number)) return number;
        var text = Text(value);
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)) return time.ToUnixTimeMilliseconds();
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? parsed : double.NaN;
    }

    private static string Text(JsonNode value) => value is JsonValue v && v.TryGetValue<string>(out var s) ? s : value.ToJsonString();

    /// <summary>The leaf values at a field path; a flattened field's keys may themselves contain dots (<c>attributes.order.id</c>).</summary>
    private static List<JsonNode> FieldValues(StoredDocument document, string path)
    {
        var found = new List<JsonNode>();
        Collect(JsonNode.Parse(document.Source.GetRawText()), path.Split('.'), 0, found);
        return found;
    }

    private static void Collect(JsonNode? node, string[] parts, int at, List<JsonNode> found)
    {
        if (node is null) return;
        if (at == parts.Length)
        {
            if (node is JsonArray array) foreach (var item in array) Collect(item, parts, at, found);
            else if (node is JsonValue) found.Add(node);
            return;
        }

        if (node is JsonArray items)
        {
            foreach (var item in items) Collect(item, parts, at, found);
            return;
        }

        if (node is not JsonObject obj) return;
        for (var end = parts.Length; end > at; end--)
        {
            if (obj.TryGetPropertyValue(string.Join('.', parts[at..end]), out var next)) Collect(next, parts, end, found);
        }
    }

    private static List<(string Field, bool Descending)> SortFields(JsonNode? sort)
    {
        var fields = new List<(string, bool)>();
        var items = sort switch { JsonArray array => array.ToList(), null => [], _ => [sort] };
        foreach (var item in items)
        {
            if (item is JsonValue name) fields.Add(((string)name!, false));
            else if (item is JsonObject spec)
            {
                var (field, order) = Single(spec, "sort field");
                var direction = order is JsonObject o ? (string?)o["order"] : (string?)order;
                fields.Add((field, direction == "desc"));
            }
        }

        return fields;
    }

    private static List<(DoubleIndex Index, StoredDocument Document)> Sort(List<(DoubleIndex Index, StoredDocument Document)> documents, List<(string Field, bool Descending)> sort)
    {
        if (sort.Count == 0) return documents;
        var sorted = documents.ToList();
        sorted.Sort((a, b) => Compare(SortValues(a.Document, sort), SortValues(b.Document, sort), sort));
        return sorted;
    }

    /// <summary>The hit's sort values: dates as epoch milliseconds (as Elasticsearch returns them), keywords as strings.</summary>
    private static JsonArray SortValues(StoredDocument document, List<(string Field, bool Descending)> sort)
    {
        var values = new JsonArray();
        foreach (var (field, _) in sort)
        {
            var value = FieldValues(document, field).FirstOrDefault();
            if (value is null) values.Add(null);
            else if (field == "@timestamp") values.Add(JsonValue.Create((long)Comparable(value)));
            else values.Add(value.DeepClone());
        }

        return values;
    }

    private static int Compare(JsonArray a, JsonArray b, List<(string Field, bool Descending)> sort)
    {
        for (var i = 0; i < sort.Count; i++)
        {
            var x = a[i];
            var y = b[i];
            int order;
            if (x is null || y is null) order = (x is null ? 1 : 0) - (y is null ? 1 : 0);
            else if (x is JsonValue xv && xv.TryGetValue<double>(out var xn) && y is JsonValue yv && yv.TryGetValue<double>(out var yn)) order = xn.CompareTo(yn);
            else order = string.CompareOrdinal(Text(x), Text(y));
            if (sort[i].Descending) order = -order;
            if (order != 0) return order;
        }

        return 0;
    }

    private static JsonObject Aggregate(List<StoredDocument> documents, JsonObject aggregations, bool typedKeys)
    {
        var result = new JsonObject();
        foreach (var (name, definition) in aggregations)
        {
            var spec = definition!.AsObject();
            var subAggregations = (spec["aggregations"] ?? spec["aggs"]) as JsonObject;
            var (kind, body) = Single(new JsonObject(spec.Where(p => p.Key is not ("aggregations" or "aggs" or "meta")).Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone()))), "aggregation");
            var field = (string?)body!["field"] ?? throw new QueryNotSupportedException("illegal_argument_exception", $"Required one of fields [field, script], but none were specified for [{name}]");
            JsonObject answer;
            string type;
            switch (kind)
            {
                case "terms":
                    (answer, type) = (Terms(documents, field, body["size"] is JsonValue s ? s.GetValue<int>() : 10, subAggregations, typedKeys), "sterms");
                    break;
                case "stats":
                    (answer, type) = (Stats(documents, field), "stats");
                    break;
                case "date_histogram":
                    (answer, type) = (DateHistogram(documents, field, (string?)body["calendar_interval"], body["min_doc_count"] is JsonValue m ? m.GetValue<int>() : 0, subAggregations, typedKeys), "date_histogram");
                    break;
                default:
                    throw new QueryNotSupportedException("x_content_parse_exception", $"[1:1] Unknown aggregation type [{kind}]");
            }

            result[typedKeys ? $"{type}#{name}" : name] = answer;
        }

        return result;
    }

    private static JsonObject Terms(List<StoredDocument> documents, string field, int size, JsonObject? sub, bool typedKeys)
    {
        var groups = new Dictionary<string, List<StoredDocument>>(StringComparer.Ordinal);
        foreach (var document in documents)
        {
            foreach (var key in FieldValues(document, field).Select(Text).Distinct(StringComparer.Ordinal))
            {
                if (!groups.TryGetValue(key, out var list)) groups[key] = list = [];
                list.Add(document);
            }
        }

        var ordered = groups.OrderByDescending(g => g.Value.Count).ThenBy(g => g.Key, StringComparer.Ordinal).ToList();
        var buckets = new JsonArray();
        foreach (var (key, members) in ordered.Take(size))
        {
            var bucket = new JsonObject { ["key"] = key, ["doc_count"] = members.Count };
            if (sub is not null) foreach (var (name, value) in Aggregate(members, sub, typedKeys)) bucket[name] = value!.DeepClone();
            buckets.Add(bucket);
        }

        return new JsonObject
        {
            ["doc_count_error_upper_bound"] = 0,
            ["sum_other_doc_count"] = ordered.Skip(size).Sum(g => g.Value.Count),
            ["buckets"] = buckets,
        };
    }

    private static JsonObject Stats(List<StoredDocument> documents, string field)
    {
        // Values indexed with ignore_malformed (NaN written as a string) are not in the field's doc values.
        var values = documents.SelectMany(d => FieldValues(d, field)).Select(v => v is JsonValue n && n.TryGetValue<double>(out var x) ? x : double.NaN).Where(double.IsFinite).ToList();
        return new JsonObject
        {
            ["count"] = values.Count,
            ["min"] = values.Count == 0 ? null : values.Min(),
            ["max"] = values.Count == 0 ? null : values.Max(),
            ["avg"] = values.Count == 0 ? null : values.Average(),
            ["sum"] = values.Sum(),
        };
    }

    private static JsonObject DateHistogram(List<StoredDocument> documents, string field, string? interval, int minDocCount, JsonObject? sub, bool typedKeys)
    {
        Func<DateTimeOffset, DateTimeOffset> floor = interval switch
        {
            "hour" or "1h" => t => new DateTimeOffset(t.Year, t.Month, t.Day, t.Hour, 0, 0, TimeSpan.Zero),
            "day" or "1d" => t => new DateTimeOffset(t.Year, t.Month, t.Day, 0, 0, 0, TimeSpan.Zero),
            "week" or "1w" => t => new DateTimeOffset(t.Year, t.Month, t.Day, 0, 0, 0, TimeSpan.Zero).AddDays(-(((int)t.DayOfWeek + 6) % 7)),
            "month" or "1M" => t => new DateTimeOffset(t.Year, t.Month, 1, 0, 0, 0, TimeSpan.Zero),
            _ => throw new QueryNotSupportedException("illegal_argument_exception", $"The supplied interval [{interval}] could not be parsed as a calendar interval."),
        };
        var groups = new SortedDictionary<long, List<StoredDocument>>();
        foreach (var document in documents)
        {
            var value = FieldValues(document, field).FirstOrDefault();
            if (value is null) continue;
            var key = floor(DateTimeOffset.FromUnixTimeMilliseconds((long)Comparable(value))).ToUnixTimeMilliseconds();
            if (!groups.TryGetValue(key, out var list)) groups[key] = list = [];
            list.Add(document);
        }

        var buckets = new JsonArray();
        foreach (var (key, members) in groups)
        {
            if (members.Count < minDocCount) continue;
            var bucket = new JsonObject
            {
                ["key_as_string"] = DateTimeOffset.FromUnixTimeMilliseconds(key).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
                ["key"] = key,
                ["doc_count"] = members.Count,
            };
            if (sub is not null) foreach (var (name, value) in Aggregate(members, sub, typedKeys)) bucket[name] = value!.DeepClone();
            buckets.Add(bucket);
        }

        return new JsonObject { ["buckets"] = buckets };
    }

    private static (string Key, JsonNode? Value) Single(JsonObject json, string what)
    {
        if (json.Count != 1) throw new QueryNotSupportedException("parsing_exception", $"expected one {what}, got [{string.Join(", ", json.Select(p => p.Key))}]");
        var only = json.First();
        return (only.Key, only.Value);
    }

    private sealed class QueryNotSupportedException(string type, string message) : Exception(message)
    {
        public string Type { get; } = type;
    }
}
