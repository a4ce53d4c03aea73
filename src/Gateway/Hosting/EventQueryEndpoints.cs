using Gateway.Exporters.Elasticsearch;
using Gateway.Exporters.Elasticsearch.Query;
using Gateway.Host.Security;
using Gateway.Otlp.Receivers.Refusals;
using Gateway.Otlp.Receivers.Security;
using Gateway.Pipeline;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Primitives;

namespace Gateway.Host.Hosting;

/// <summary>
/// <c>GET /api/v1/events</c>, <c>/api/v1/events/count</c> and <c>/api/v1/events/stats</c> on the OTLP/HTTP listener,
/// behind the receivers' auth and CORS (a key with a scope reads only its scope's events). Answered by the running
/// configuration's elasticsearch exporter with <c>query.enabled</c> (looked up per request, so a reload switches it on
/// or off); every answer other than 200 is counted and logged with the receivers' refusals.
/// </summary>
internal static class EventQueryEndpoints
{
    public const string Path = "/api/v1/events";
    private const string Transport = "http";

    public static void MapEventQueries(this IEndpointRouteBuilder endpoints, PipelineSlot slot)
    {
        RequestDelegate events = context => AnswerAsync(context, slot, EventsOf);
        RequestDelegate count = context => AnswerAsync(context, slot, CountOf);
        RequestDelegate stats = context => AnswerAsync(context, slot, StatsOf);
        endpoints.MapGet(Path, events);
        endpoints.MapGet(Path + "/count", count);
        endpoints.MapGet(Path + "/stats", stats);
    }

    private static Task<QueryAnswer> EventsOf(EventQueryApi api, IQueryCollection query, EventScope? scope, CancellationToken cancellationToken) => api.EventsAsync(query, scope, cancellationToken);

    private static Task<QueryAnswer> CountOf(EventQueryApi api, IQueryCollection query, EventScope? scope, CancellationToken cancellationToken) => api.CountAsync(query, scope, cancellationToken);

    private static Task<QueryAnswer> StatsOf(EventQueryApi api, IQueryCollection query, EventScope? scope, CancellationToken cancellationToken) => api.StatsAsync(query, scope, cancellationToken);

    private static async Task AnswerAsync(HttpContext context, PipelineSlot slot, Func<EventQueryApi, IQueryCollection, EventScope?, CancellationToken, Task<QueryAnswer>> ask)
    {
        QueryAnswer answer;
        if (!ReceiverConnection.Is(context, Transport))
        {
            answer = Refusal(404, RefusalReasons.NotFound, "the query API is served on the OTLP/HTTP listener (4318), not on this port");
        }
        else
        {
            var (api, refusal) = Find(slot.Current, context.Request.Query);
            // A key with a scope (a tenant) reads only the events it would have stamped: the same boundary as on ingest.
            var scope = context.Features.Get<ApiKeyIdentity>() is { ScopeType: { } type, ScopeId: { } id } ? new EventScope(type, id) : null;
            answer = refusal ?? await ask(api!, WithoutExporter(context.Request.Query), scope, context.RequestAborted).ConfigureAwait(false);
        }

        if (answer.Status != StatusCodes.Status200OK)
        {
            var refusals = context.RequestServices.GetRequiredService<ReceiverRefusals>();
            refusals.Refuse(context, Transport, answer.RefusalReason ?? RefusalReasons.Other, ReceiverRefusals.Http(answer.Status), $"GET {context.Request.Path}: {answer.Detail}");
        }

        context.Response.StatusCode = answer.Status;
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(answer.Json, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>The exporter to ask: the only one with query.enabled, or the one named by <c>exporter=</c>.</summary>
    private static (EventQueryApi? Api, QueryAnswer? Refusal) Find(GatewayRuntime? runtime, IQueryCollection query)
    {
        var enabled = new List<(string Name, EventQueryApi Api)>();
        foreach (var lane in runtime?.Lanes ?? [])
        {
            if (lane.Exporter is ElasticsearchExporter { Query: { } api }) enabled.Add((lane.Name, api));
        }

        if (enabled.Count == 0)
        {
            return (null, Refusal(404, RefusalReasons.NotFound, "the query API is off: set query: {enabled: true} on an elasticsearch exporter in gateway.yaml"));
        }

        var names = string.Join(", ", enabled.Select(e => e.Name));
        if (query.TryGetValue("exporter", out var wanted))
        {
            foreach (var (name, api) in enabled)
            {
                if (name == wanted.ToString()) return (api, null);
            }

            return (null, Refusal(400, QueryAnswer.BadParameter, $"exporter '{wanted}' has no query API: write one of {names}", "exporter"));
        }

        if (enabled.Count > 1)
        {
            return (null, Refusal(400, QueryAnswer.BadParameter, $"several exporters have a query API: add exporter= with one of {names}", "exporter"));
        }

        return (enabled[0].Api, null);
    }

    private static IQueryCollection WithoutExporter(IQueryCollection query)
    {
        if (!query.ContainsKey("exporter")) return query;
        var rest = new Dictionary<string, StringValues>(StringComparer.Ordinal);
        foreach (var (key, value) in query)
        {
            if (key != "exporter") rest[key] = value;
        }

        return new QueryCollection(rest);
    }

    private static QueryAnswer Refusal(int status, string reason, string message, string? parameter = null)
    {
        using var buffer = new MemoryStream();
        using (var writer = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("error", message);
            if (parameter is not null) writer.WriteString("parameter", parameter);
            writer.WriteEndObject();
        }

        return new QueryAnswer(status, buffer.ToArray(), reason, message);
    }
}
