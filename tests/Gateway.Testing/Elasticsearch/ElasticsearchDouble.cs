using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Gateway.Testing.Elasticsearch;

/// <summary>
/// A test double of Elasticsearch on loopback, faithful to the documented behaviour the exporter relies on:
/// <c>_bulk</c> (NDJSON ending with a newline, gzip bodies, per-item statuses, data streams taking only create with
/// <c>@timestamp</c>, 409 on an existing _id, mapping conflicts failing only their item, the failure store),
/// ILM policies, component and composable index templates (stored, validated, applied to new data streams),
/// API key authentication and privileges. Faults on demand: status answers, item rejections, dropped connections.
/// </summary>
public sealed class ElasticsearchDouble : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly TemplateStore _templates = new();
    private readonly Dictionary<string, DoubleIndex> _indices = new(StringComparer.Ordinal);
    private readonly List<ReceivedRequest> _requests = [];
    private readonly BulkProcessor _bulk;
    private LoopbackServer? _server;
    private readonly List<DateTime> _dropped = [];
    private int _failuresLeft;
    private int _failureStatus;
    private TimeSpan? _failureRetryAfter;
    private string? _failurePath;
    private int _itemFailuresLeft;
    private int _itemFailureStatus;

    private ElasticsearchDouble() => _bulk = new BulkProcessor(this);

    public Uri Address => _server?.Address ?? throw new InvalidOperationException("call StartAsync first");

    /// <summary>While true every request's connection is closed without an answer, as when a node dies.</summary>
    public bool DropConnections { get; set; }

    /// <summary>When each request (pings included) was met with a closed connection while <see cref="DropConnections"/> was on.</summary>
    public IReadOnlyList<DateTime> DroppedRequests
    {
        get
        {
            lock (_gate) return _dropped.ToList();
        }
    }

    /// <summary>When set, requests must carry <c>Authorization: ApiKey {this}</c> (the encoded key) or get 401.</summary>
    public string? RequiredApiKey { get; set; }

    /// <summary>The API key lacks manage_index_templates / manage_ilm: template and policy PUTs get 403.</summary>
    public bool DenyTemplateWrites { get; set; }

    /// <summary>http.max_content_length: larger bodies (after decompression) get 413.</summary>
    public long MaxContentLength { get; set; } = 100L * 1024 * 1024;

    public string Version { get; set; } = "9.1.0";

    public static async Task<ElasticsearchDouble> StartAsync()
    {
        var cluster = new ElasticsearchDouble();
        cluster._server = await LoopbackServer.StartAsync(app => app.Run(cluster.HandleAsync));
        return cluster;
    }

    /// <summary>Every document stored, over all data streams and indices, ordered by _id.</summary>
    public IReadOnlyList<StoredDocument> Documents
    {
        get
        {
            lock (_gate) return _indices.Values.SelectMany(i => i.Documents).OrderBy(d => d.Id, StringComparer.Ordinal).ToList();
        }
    }

    public IReadOnlyList<StoredDocument> DocumentsIn(string dataStreamOrIndex)
    {
        lock (_gate) return _indices.TryGetValue(dataStreamOrIndex, out var index) ? index.Documents.ToList() : [];
    }

    public IReadOnlyList<StoredDocument> FailureStoreOf(string dataStream)
    {
        lock (_gate) return _indices.TryGetValue(dataStream, out var index) ? index.FailureStore.ToList() : [];
    }

    public IReadOnlyList<string> DataStreams
    {
        get
        {
            lock (_gate) return _indices.Values.Where(i => i.IsDataStream).Select(i => i.Name).Order(StringComparer.Ordinal).ToList();
        }
    }

    public IReadOnlyList<ReceivedRequest> Requests
    {
        get
        {
            lock (_gate) return _requests.ToList();
        }
    }

    public IReadOnlyDictionary<string, JsonObject> IndexTemplates => Copy(_templates.IndexTemplates);

    public IReadOnlyDictionary<string, JsonObject> ComponentTemplates => Copy(_templates.ComponentTemplates);

    public IReadOnlyDictionary<string, JsonObject> IlmPolicies => Copy(_templates.Policies);

    /// <summary>The mapped type of a field in a data stream or index (<c>attributes</c> → flattened), or null if unmapped.</summary>
    public string? MappingTypeOf(string dataStreamOrIndex, string fieldPath)
    {
        lock (_gate) return _indices.TryGetValue(dataStreamOrIndex, out var index) ? index.Mappings.Get(fieldPath)?.Type : null;
    }

    /// <summary>The next <paramref name="count"/> requests (optionally only those whose path starts with <paramref name="path"/>) get <paramref name="status"/>.</summary>
    public void FailNextRequests(int status, int count, TimeSpan? retryAfter = null, string? path = null)
    {
        lock (_gate)
        {
            _failureStatus = status;
            _failuresLeft = count;
            _failureRetryAfter = retryAfter;
            _failurePath = path;
        }
    }

    /// <summary>The next <paramref name="count"/> bulk items are refused with <paramref name="status"/> (429 rejected execution, 503 unavailable shards...).</summary>
    public void FailNextItems(int status, int count)
    {
        lock (_gate)
        {
            _itemFailureStatus = status;
            _itemFailuresLeft = count;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }

    internal DoubleIndex GetOrCreateIndex(string name)
    {
        if (_indices.TryGetValue(name, out var existing)) return existing;
        var template = _templates.Match(name);
        var mappings = template is { } t ? _templates.ComposeMappings(t.Body) : new IndexMappings();
        var isDataStream = template is { } d && d.Body["data_stream"] is JsonObject;
        var failureStore = template is { } f && isDataStream && _templates.FailureStoreEnabled(f.Body);
        var index = new DoubleIndex(name, isDataStream, failureStore, mappings, DateTime.UtcNow);
        _indices[name] = index;
        return index;
    }

    internal DoubleIndex? FindIndex(string name) => _indices.GetValueOrDefault(name);

    internal ItemError? TakeInjectedItemFailure()
    {
        if (_itemFailuresLeft <= 0) return null;
        _itemFailuresLeft--;
        return _itemFailureStatus == 429
            ? new ItemError(429, "es_rejected_execution_exception", "rejected execution of primary operation [coordinating_and_primary_bytes=0, max_coordinating_and_primary_bytes=0]")
            : new ItemError(_itemFailureStatus, "unavailable_shards_exception", "[0] primary shard is not active Timeout: [1m]");
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        if (DropConnections)
        {
            lock (_gate) _dropped.Add(DateTime.UtcNow);
            context.Abort();
            return;
        }

        var wire = await ReadAllAsync(request.Body);
        var body = wire;
        if (string.Equals(request.Headers.ContentEncoding, "gzip", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                body = await GunzipAsync(wire);
            }
            catch (InvalidDataException)
            {
                await DoubleResponses.WriteErrorAsync(context, new ItemError(400, "illegal_argument_exception", "failed to decompress the request body"));
                return;
            }
        }

        var path = request.Path.Value ?? "/";
        ItemError? injected;
        TimeSpan? retryAfter;
        lock (_gate)
        {
            _requests.Add(new ReceivedRequest(request.Method, path + request.QueryString, request.ContentType, request.Headers.ContentEncoding, request.Headers.Authorization, wire.Length, body.Length, DateTime.UtcNow));
            (injected, retryAfter) = TakeInjectedFailure(path);
        }

        if (injected is not null)
        {
            if (retryAfter is { } delay) context.Response.Headers.RetryAfter = ((int)delay.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            await DoubleResponses.WriteErrorAsync(context, injected);
            return;
        }

        if (RequiredApiKey is { } key && request.Headers.Authorization != $"ApiKey {key}")
        {
            context.Response.Headers.WWWAuthenticate = "ApiKey";
            await DoubleResponses.WriteErrorAsync(context, new ItemError(401, "security_exception", $"missing authentication credentials for REST request [{path}]"));
            return;
        }

        if (body.Length > MaxContentLength)
        {
            context.Response.StatusCode = 413;
            return;
        }

        await RouteAsync(context, request.Method, path, body);
    }

    private async Task RouteAsync(HttpContext context, string method, string path, byte[] body)
    {
        var segments = path.Trim('/').Split('/');
        switch (method, segments)
        {
            case ("GET" or "HEAD", [""]):
                await DoubleResponses.WriteJsonAsync(context, 200, new JsonObject
                {
                    ["name"] = "double-node",
                    ["cluster_name"] = "gateway-double",
                    ["version"] = new JsonObject { ["number"] = Version, ["build_flavor"] = "default" },
                    ["tagline"] = "You Know, for Search",
                });
                return;
            case ("POST" or "PUT", ["_bulk"]):
                await BulkAsync(context, body);
                return;
            case ("GET" or "POST", [var indices, "_search"]):
                await SearchAsync(context, indices, body, count: false);
                return;
            case ("GET" or "POST", [var indices, "_count"]):
                await SearchAsync(context, indices, body, count: true);
                return;
            case ("PUT", ["_ilm", "policy", var name]):
                await PutAsync(context, body, "cluster:admin/ilm/put", "manage_ilm", json => _templates.PutPolicy(name, json));
                return;
            case ("PUT", ["_component_template", var name]):
                await PutAsync(context, body, "cluster:admin/component_template/put", "manage_index_templates", json => _templates.PutComponentTemplate(name, json));
                return;
            case ("PUT", ["_index_template", var name]):
                await PutAsync(context, body, "indices:admin/index_template/put", "manage_index_templates", json => _templates.PutIndexTemplate(name, json));
                return;
            case ("GET", ["_index_template", var name]):
                await GetStoredAsync(context, "index_templates", "index_template", name, _templates.IndexTemplates);
                return;
            case ("GET", ["_component_template", var name]):
                await GetStoredAsync(context, "component_templates", "component_template", name, _templates.ComponentTemplates);
                return;
            default:
                await DoubleResponses.WriteErrorAsync(context, new ItemError(400, "illegal_argument_exception", $"no handler found for uri [{path}] and method [{method}]"));
                return;
        }
    }

    private async Task BulkAsync(HttpContext context, byte[] body)
    {
        if (!DoubleResponses.IsJsonOrNdJson(context.Request.ContentType))
        {
            await DoubleResponses.WriteUnsupportedContentTypeAsync(context);
            return;
        }

        var started = DateTime.UtcNow;
        List<BulkItemResult>? items;
        ItemError? error;
        lock (_gate) (items, error) = _bulk.Run(body);
        if (error is not null)
        {
            await DoubleResponses.WriteErrorAsync(context, error);
            return;
        }

        var array = new JsonArray();
        foreach (var item in items!) array.Add(new JsonObject { [item.Operation] = DoubleResponses.Item(item) });
        await DoubleResponses.WriteJsonAsync(context, 200, new JsonObject
        {
            ["errors"] = items.Any(i => i.Status >= 300),
            ["took"] = (int)(DateTime.UtcNow - started).TotalMilliseconds,
            ["items"] = array,
        });
    }

    private async Task SearchAsync(HttpContext context, string indices, byte[] body, bool count)
    {
        JsonObject? json = null;
        if (body.Length > 0)
        {
            if (!DoubleResponses.IsJsonOrNdJson(context.Request.ContentType))
            {
                await DoubleResponses.WriteUnsupportedContentTypeAsync(context);
                return;
            }

            json = JsonNode.Parse(body)?.AsObject();
        }

        var patterns = Uri.UnescapeDataString(indices).Split(',');
        JsonObject? answer;
        ItemError? error;
        lock (_gate)
        {
            var targets = _indices.Values.Where(i => patterns.Any(p => ElasticsearchWildcard.Matches(p, i.Name))).ToList();
            (answer, error) = count
                ? SearchProcessor.Count(targets, json)
                : SearchProcessor.Search(targets, json ?? [], context.Request.Query["typed_keys"] == "true");
        }

        if (error is not null) await DoubleResponses.WriteErrorAsync(context, error);
        else await DoubleResponses.WriteJsonAsync(context, 200, answer!);
    }

    private async Task PutAsync(HttpContext context, byte[] body, string action, string privilege, Func<JsonObject, ItemError?> put)
    {
        if (DenyTemplateWrites)
        {
            await DoubleResponses.WriteErrorAsync(context, new ItemError(403, "security_exception",
                $"action [{action}] is unauthorized for API key id [gateway-key] of user [gateway], this action is granted by the cluster privileges [{privilege},manage,all]"));
            return;
        }

        if (!DoubleResponses.IsJsonOrNdJson(context.Request.ContentType))
        {
            await DoubleResponses.WriteUnsupportedContentTypeAsync(context);
            return;
        }

        JsonObject json;
        try
        {
            json = JsonNode.Parse(body)?.AsObject() ?? throw new JsonException("empty body");
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            await DoubleResponses.WriteErrorAsync(context, new ItemError(400, "x_content_parse_exception", $"[1:1] {e.Message}"));
            return;
        }

        ItemError? error;
        lock (_gate) error = put(json);
        if (error is not null) await DoubleResponses.WriteErrorAsync(context, error);
        else await DoubleResponses.WriteJsonAsync(context, 200, new JsonObject { ["acknowledged"] = true });
    }

    private async Task GetStoredAsync(HttpContext context, string listName, string itemName, string name, Dictionary<string, JsonObject> store)
    {
        JsonObject? found;
        lock (_gate) found = store.TryGetValue(name, out var body) ? body.DeepClone().AsObject() : null;
        if (found is null)
        {
            await DoubleResponses.WriteErrorAsync(context, new ItemError(404, "resource_not_found_exception", $"{itemName.Replace('_', ' ')} matching [{name}] not found"));
            return;
        }

        await DoubleResponses.WriteJsonAsync(context, 200, new JsonObject { [listName] = new JsonArray(new JsonObject { ["name"] = name, [itemName] = found }) });
    }

    private (ItemError? Error, TimeSpan? RetryAfter) TakeInjectedFailure(string path)
    {
        if (_failuresLeft <= 0 || (_failurePath is not null && !path.StartsWith(_failurePath, StringComparison.Ordinal))) return (null, null);
        _failuresLeft--;
        var error = _failureStatus switch
        {
            429 => new ItemError(429, "es_rejected_execution_exception", "rejected execution of coordinating operation"),
            503 => new ItemError(503, "cluster_block_exception", "blocked by: [SERVICE_UNAVAILABLE/2/no master];"),
            401 => new ItemError(401, "security_exception", "unable to authenticate with provided credentials"),
            403 => new ItemError(403, "security_exception", "action [indices:data/write/bulk] is unauthorized"),
            _ => new ItemError(_failureStatus, "double_injected_failure", $"HTTP {_failureStatus} injected by the test"),
        };
        return (error, _failureRetryAfter);
    }

    private static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        using var memory = new MemoryStream();
        await stream.CopyToAsync(memory);
        return memory.ToArray();
    }

    private static async Task<byte[]> GunzipAsync(byte[] compressed)
    {
        using var output = new MemoryStream();
        await using (var gzip = new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress)) await gzip.CopyToAsync(output);
        return output.ToArray();
    }

    private Dictionary<string, JsonObject> Copy(Dictionary<string, JsonObject> store)
    {
        lock (_gate) return store.ToDictionary(e => e.Key, e => e.Value.DeepClone().AsObject(), StringComparer.Ordinal);
    }
}
