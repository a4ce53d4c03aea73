using System.Globalization;
using System.Text.Json;
using Elastic.Transport;
using Gateway.Exporters.Elasticsearch.Configuration;
using Gateway.Exporters.Elasticsearch.Transport;
using Microsoft.AspNetCore.Http;

namespace Gateway.Exporters.Elasticsearch.Query;

/// <summary>
/// The three questions over what the exporter stored: the events themselves (newest first, paged with search_after),
/// how many (optionally grouped and/or per interval), and statistics of the events' value. Queries are Elasticsearch's
/// query DSL written with Utf8JsonWriter against the exporter's data streams; answers are read from its JSON as it comes.
/// </summary>
public sealed class EventQueryApi
{
    public const int DefaultLimit = 100;
    private const string Groups = "groups";
    private const string Series = "series";
    private const string Stats = "stats";
    private static readonly string[] EventsParameters = ["limit", "cursor"];
    private static readonly string[] CountParameters = ["group_by", "interval"];
    private static readonly string[] StatsParameters = ["field"];
    private readonly ElasticsearchTransport _transport;
    private readonly EventQueryOptions _options;
    private readonly string _searchPath;
    private readonly string _countPath;
    private readonly RequestConfiguration _request;

    public EventQueryApi(ElasticsearchTransport transport, EventQueryOptions options, IReadOnlyList<string> indexPatterns)
    {
        _transport = transport;
        _options = options;
        var indices = string.Join(',', indexPatterns);
        _searchPath = $"{indices}/_search?ignore_unavailable=true&allow_no_indices=true";
        _countPath = $"{indices}/_count?ignore_unavailable=true&allow_no_indices=true";
        // A second past the search's own timeout, so Elasticsearch's timed_out answer arrives before the client gives up.
        _request = ElasticsearchTransport.JsonRequest(options.Timeout + TimeSpan.FromSeconds(1));
    }

    /// <summary><c>GET /api/v1/events</c>: <c>{"events":[envelope…],"next":"cursor"|null}</c>, newest first.</summary>
    public Task<QueryAnswer> EventsAsync(IQueryCollection query, EventScope? scope, CancellationToken cancellationToken) => AnswerAsync(async () =>
    {
        var filter = EventQueryParameters.Filter(query, _transport.Time.GetUtcNow(), scope, EventsParameters);
        var limit = EventQueryParameters.Integer(query, "limit", Math.Min(DefaultLimit, _options.MaxLimit), 1, _options.MaxLimit);
        var after = EventCursor.Parse(EventQueryParameters.Single(query, "cursor"));
        var search = JsonBody.Write(writer =>
        {
            writer.WriteStartObject();
            EventQueryBuilder.WriteQuery(writer, filter);
            writer.WriteNumber("size", limit);
            // event.id breaks ties between events of the same instant, so a page boundary never skips or repeats one.
            writer.WriteStartArray("sort");
            WriteDescending(writer, EventFields.Time);
            WriteDescending(writer, EventFields.Id);
            writer.WriteEndArray();
            if (after is { } cursor)
            {
                writer.WriteStartArray("search_after");
                writer.WriteNumberValue(cursor.Time);
                writer.WriteStringValue(cursor.Id);
                writer.WriteEndArray();
            }

            writer.WriteBoolean("track_total_hits", false);
            writer.WriteString("timeout", TimeoutText);
            writer.WriteEndObject();
        });
        using var document = await SearchAsync(search, cancellationToken);
        var hits = document.RootElement.GetProperty("hits").GetProperty("hits");
        return Json(writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartArray("events");
            JsonElement? lastSort = null;
            foreach (var hit in hits.EnumerateArray())
            {
                if (hit.TryGetProperty("_source", out var source)) EnvelopeFromEcs.Write(writer, source);
                lastSort = hit.TryGetProperty("sort", out var sort) ? sort : null;
            }

            writer.WriteEndArray();
            if (lastSort is { } last && hits.GetArrayLength() == limit) writer.WriteString("next", EventCursor.Format(last));
            else writer.WriteNull("next");
            writer.WriteEndObject();
        });
    }, cancellationToken);

    /// <summary>
    /// <c>GET /api/v1/events/count</c>: <c>{"count":N}</c>; with <c>group_by</c> <c>{"pro":234,…}</c>; with <c>interval</c>
    /// <c>{"2024-01-01T00:00:00.000Z":12,…}</c>; with both, each interval holds its groups.
    /// </summary>
    public Task<QueryAnswer> CountAsync(IQueryCollection query, EventScope? scope, CancellationToken cancellationToken) => AnswerAsync(async () =>
    {
        var filter = EventQueryParameters.Filter(query, _transport.Time.GetUtcNow(), scope, CountParameters);
        var groupBy = EventQueryParameters.Single(query, "group_by");
        var groupField = groupBy is null ? null : EventFields.GroupField(groupBy) ?? throw new QueryParameterException("group_by", $"'{groupBy}' cannot be grouped by: write {EventFields.GroupByForms}");
        var interval = EventQueryParameters.Single(query, "interval") is { } text ? IntervalOf(text) : null;
        if (groupField is null && interval is null)
        {
            var count = JsonBody.Write(writer =>
            {
                writer.WriteStartObject();
                EventQueryBuilder.WriteQuery(writer, filter);
                writer.WriteEndObject();
            });
            using var counted = await SendAsync(_countPath, count, cancellationToken);
            var total = counted.RootElement.GetProperty("count").GetInt64();
            return Json(writer =>
            {
                writer.WriteStartObject();
                writer.WriteNumber("count", total);
                writer.WriteEndObject();
            });
        }

        var search = JsonBody.Write(writer =>
        {
            writer.WriteStartObject();
            EventQueryBuilder.WriteQuery(writer, filter);
            writer.WriteNumber("size", 0);
            writer.WriteStartObject("aggregations");
            if (interval is { } calendar)
            {
                writer.WriteStartObject(Series);
                writer.WriteStartObject("date_histogram");
                writer.WriteString("field", EventFields.Time);
                writer.WriteString("calendar_interval", calendar);
                writer.WriteNumber("min_doc_count", 1);
                writer.WriteEndObject();
                if (groupField is not null)
                {
                    writer.WriteStartObject("aggregations");
                    WriteTerms(writer, groupField);
                    writer.WriteEndObject();
                }

                writer.WriteEndObject();
            }
            else
            {
                WriteTerms(writer, groupField!);
            }

            writer.WriteEndObject();
            writer.WriteString("timeout", TimeoutText);
            writer.WriteEndObject();
        });
        using var document = await SearchAsync(search, cancellationToken);
        var aggregations = document.RootElement.GetProperty("aggregations");
        return Json(writer =>
        {
            if (interval is null)
            {
                WriteBuckets(writer, aggregations.GetProperty(Groups));
                return;
            }

            writer.WriteStartObject();
            foreach (var bucket in aggregations.GetProperty(Series).GetProperty("buckets").EnumerateArray())
            {
                var key = DateTimeOffset.FromUnixTimeMilliseconds(bucket.GetProperty("key").GetInt64()).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
                if (groupField is null)
                {
                    writer.WriteNumber(key, bucket.GetProperty("doc_count").GetInt64());
                    continue;
                }

                writer.WritePropertyName(key);
                WriteBuckets(writer, bucket.GetProperty(Groups));
            }

            writer.WriteEndObject();
        });
    }, cancellationToken);

    /// <summary><c>GET /api/v1/events/stats?field=value</c>: <c>{"count","sum","avg","min","max"}</c> of the events' numeric value.</summary>
    public Task<QueryAnswer> StatsAsync(IQueryCollection query, EventScope? scope, CancellationToken cancellationToken) => AnswerAsync(async () =>
    {
        var filter = EventQueryParameters.Filter(query, _transport.Time.GetUtcNow(), scope, StatsParameters);
        var field = EventQueryParameters.Single(query, "field") ?? throw new QueryParameterException("field", "field is missing: write field=value (the events' numeric value)");
        if (field != EventFields.Value) throw new QueryParameterException("field", $"'{field}' has no statistics: write field=value (the events' numeric value, ECS field 'value')");
        var search = JsonBody.Write(writer =>
        {
            writer.WriteStartObject();
            EventQueryBuilder.WriteQuery(writer, filter);
            writer.WriteNumber("size", 0);
            writer.WriteStartObject("aggregations");
            writer.WriteStartObject(Stats);
            writer.WriteStartObject("stats");
            writer.WriteString("field", EventFields.Value);
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteString("timeout", TimeoutText);
            writer.WriteEndObject();
        });
        using var document = await SearchAsync(search, cancellationToken);
        var stats = document.RootElement.GetProperty("aggregations").GetProperty(Stats);
        return Json(writer =>
        {
            writer.WriteStartObject();
            writer.WriteNumber("count", stats.GetProperty("count").GetInt64());
            foreach (var name in (ReadOnlySpan<string>)["sum", "avg", "min", "max"])
            {
                writer.WritePropertyName(name);
                stats.GetProperty(name).WriteTo(writer);
            }

            writer.WriteEndObject();
        });
    }, cancellationToken);

    private string TimeoutText => $"{(long)_options.Timeout.TotalMilliseconds}ms";

    /// <summary>The calendar interval as Elasticsearch names it; the query parameter uses the same words.</summary>
    private static string IntervalOf(string text) => text switch
    {
        "hour" or "day" or "week" or "month" => text,
        _ => throw new QueryParameterException("interval", $"'{text}' is not an interval: write hour, day, week or month"),
    };

    /// <summary><c>{"field": {"order": "desc"}}</c> in the sort array.</summary>
    private static void WriteDescending(Utf8JsonWriter writer, string field)
    {
        writer.WriteStartObject();
        writer.WriteStartObject(field);
        writer.WriteString("order", "desc");
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>The <c>groups</c> terms aggregation over a keyword field, as many buckets as a page may hold.</summary>
    private void WriteTerms(Utf8JsonWriter writer, string field)
    {
        writer.WriteStartObject(Groups);
        writer.WriteStartObject("terms");
        writer.WriteString("field", field);
        writer.WriteNumber("size", _options.MaxLimit);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteBuckets(Utf8JsonWriter writer, JsonElement terms)
    {
        writer.WriteStartObject();
        foreach (var bucket in terms.GetProperty("buckets").EnumerateArray())
        {
            var key = bucket.GetProperty("key");
            writer.WriteNumber(key.ValueKind == JsonValueKind.String ? key.GetString()! : key.GetRawText(), bucket.GetProperty("doc_count").GetInt64());
        }

        writer.WriteEndObject();
    }

    private async Task<JsonDocument> SearchAsync(byte[] search, CancellationToken cancellationToken)
    {
        var document = await SendAsync(_searchPath, search, cancellationToken);
        if (document.RootElement.TryGetProperty("timed_out", out var timedOut) && timedOut.ValueKind == JsonValueKind.True)
        {
            document.Dispose();
            throw new QueryFailedException($"Elasticsearch did not finish within {TimeoutText} (query.timeout); narrow the time range or the filters");
        }

        return document;
    }

    private async Task<JsonDocument> SendAsync(string path, byte[] body, CancellationToken cancellationToken)
    {
        ElasticsearchResponse response;
        try
        {
            response = await _transport.SendAsync(Elastic.Transport.HttpMethod.POST, path, PostData.ReadOnlyMemory(body), _request, cancellationToken);
        }
        catch (ElasticsearchUnavailableException e)
        {
            throw new QueryFailedException(e.Message);
        }

        if (!response.IsSuccess) throw new QueryFailedException($"Elasticsearch answered HTTP {response.Status} {response.Error}", response.Status, response.Error);
        if (!response.IsElasticsearch) throw new QueryFailedException($"{response.Endpoint} answered without X-Elastic-Product: Elasticsearch: it is not Elasticsearch");
        try
        {
            return JsonDocument.Parse(response.Body);
        }
        catch (JsonException e)
        {
            throw new QueryFailedException($"unreadable answer from Elasticsearch: {e.Message}");
        }
    }

    private static async Task<QueryAnswer> AnswerAsync(Func<Task<QueryAnswer>> answer, CancellationToken cancellationToken)
    {
        try
        {
            return await answer();
        }
        catch (QueryParameterException e)
        {
            return new QueryAnswer(400, JsonBody.Write(writer =>
            {
                writer.WriteStartObject();
                writer.WriteString("error", e.Message);
                writer.WriteString("parameter", e.Parameter);
                writer.WriteEndObject();
            }), QueryAnswer.BadParameter, e.Message);
        }
        catch (QueryFailedException e) when (!cancellationToken.IsCancellationRequested)
        {
            return new QueryAnswer(502, JsonBody.Write(writer =>
            {
                writer.WriteStartObject();
                writer.WriteString("error", e.Message);
                if (e.Error is { } error)
                {
                    writer.WriteStartObject("elasticsearch");
                    writer.WriteNumber("status", e.Status);
                    writer.WriteString("type", error.Type);
                    writer.WriteString("reason", error.Reason);
                    writer.WriteEndObject();
                }

                writer.WriteEndObject();
            }), QueryAnswer.ElasticsearchFailed, e.Message);
        }
    }

    private static QueryAnswer Json(Action<Utf8JsonWriter> write) => new(200, JsonBody.Write(write));
}
