using System.Text;
using System.Text.Json;

namespace Gateway.Testing.Elasticsearch;

/// <summary>
/// Runs a <c>_bulk</c> body as Elasticsearch does: NDJSON that must end with a newline; per item an action line
/// (index, create, update, delete) and a source line; data streams created from the matching template on first
/// write, taking only <c>create</c> and requiring <c>@timestamp</c>; create of an existing _id answered 409; mapping
/// errors failing only their own item (or, with a failure store, kept there and answered <c>failure_store: used</c>).
/// </summary>
internal sealed class BulkProcessor
{
    private readonly ElasticsearchDouble _cluster;

    public BulkProcessor(ElasticsearchDouble cluster) => _cluster = cluster;

    /// <summary>The items' results, or a request-level error (the whole request refused).</summary>
    public (List<BulkItemResult>? Items, ItemError? Error) Run(byte[] body)
    {
        if (body.Length == 0) return (null, new ItemError(400, "action_request_validation_exception", "Validation Failed: 1: no requests added;"));
        if (body[^1] != (byte)'\n') return (null, new ItemError(400, "illegal_argument_exception", "The bulk request must be terminated by a newline [\\n]"));
        var lines = Encoding.UTF8.GetString(body).Split('\n');
        var results = new List<BulkItemResult>();
        var line = 0;
        // The body ends with '\n', so the last split entry is empty.
        while (line < lines.Length - 1)
        {
            if (lines[line].Length == 0) { line++; continue; }
            if (!TryParseAction(lines[line], line + 1, out var operation, out var index, out var id, out var actionError)) return (null, actionError);
            line++;
            if (operation == "delete")
            {
                results.Add(Delete(index, id));
                continue;
            }

            if (line >= lines.Length - 1) return (null, new ItemError(400, "illegal_argument_exception", $"The bulk request must be terminated by a newline [\\n]"));
            var source = lines[line++];
            results.Add(operation == "update"
                ? new BulkItemResult("update", index, id ?? string.Empty, 400, new ItemError(400, "illegal_argument_exception", "the double does not implement update"))
                : Write(operation, index, id, source));
        }

        return (results, null);
    }

    private static bool TryParseAction(string text, int lineNumber, out string operation, out string index, out string? id, out ItemError? error)
    {
        operation = index = string.Empty;
        id = null;
        error = null;
        try
        {
            using var action = JsonDocument.Parse(text);
            var property = action.RootElement.EnumerateObject().First();
            operation = property.Name;
            if (operation is not ("index" or "create" or "update" or "delete"))
            {
                error = new ItemError(400, "illegal_argument_exception", $"Malformed action/metadata line [{lineNumber}], expected one of [create, delete, index, update] but found [{operation}]");
                return false;
            }

            index = property.Value.TryGetProperty("_index", out var i) ? i.GetString() ?? string.Empty : string.Empty;
            id = property.Value.TryGetProperty("_id", out var d) ? d.GetString() : null;
            if (index.Length == 0)
            {
                error = new ItemError(400, "action_request_validation_exception", "Validation Failed: 1: index is missing;");
                return false;
            }

            return true;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            error = new ItemError(400, "illegal_argument_exception", $"Malformed action/metadata line [{lineNumber}], expected START_OBJECT but found [{e.Message}]");
            return false;
        }
    }

    private BulkItemResult Write(string operation, string name, string? id, string source)
    {
        if (_cluster.TakeInjectedItemFailure() is { } injected) return new BulkItemResult(operation, name, id ?? string.Empty, injected.Status, injected);
        if (!IsValidIndexName(name))
        {
            return new BulkItemResult(operation, name, id ?? string.Empty, 400, new ItemError(400, "invalid_index_name_exception", $"Invalid index name [{name}], must be lowercase and must not contain \\, /, *, ?, \", <, >, |, ' ', ',', #, :"));
        }

        var target = _cluster.GetOrCreateIndex(name);
        id ??= Guid.NewGuid().ToString("N")[..20];
        if (target.IsDataStream && operation != "create")
        {
            return new BulkItemResult(operation, name, id, 400, new ItemError(400, "illegal_argument_exception", $"only write ops with an op_type of create are allowed in data streams"));
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(source);
        }
        catch (JsonException e)
        {
            return Reject(target, operation, id, source, ItemError.Parsing($"[1:1] failed to parse: {e.Message}", "json_parse_exception", e.Message));
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return Reject(target, operation, id, source, ItemError.Parsing("[1:1] failed to parse: the document must be an object"));
            if (target.IsDataStream && (!root.TryGetProperty("@timestamp", out var timestamp) || timestamp.ValueKind == JsonValueKind.Null))
            {
                return Reject(target, operation, id, source, ItemError.Parsing("data stream timestamp field [@timestamp] is missing"));
            }

            if (operation == "create" && target.ById.ContainsKey(id))
            {
                return new BulkItemResult(operation, target.BackingIndex, id, 409,
                    new ItemError(409, "version_conflict_engine_exception", $"[{id}]: version conflict, document already exists (current version [1])"));
            }

            var mappingError = target.Mappings.Apply(root, id);
            if (mappingError is not null) return Reject(target, operation, id, source, mappingError);
            var stored = new StoredDocument(target.Name, target.BackingIndex, id, root.Clone());
            if (target.ById.TryGetValue(id, out var previous)) target.Documents.Remove(previous);
            target.ById[id] = stored;
            target.Documents.Add(stored);
            return new BulkItemResult(operation, target.BackingIndex, id, 201, SequenceNumber: target.NextSequenceNumber++);
        }
    }

    /// <summary>A refused document: into the failure store when the data stream has one, otherwise an item error.</summary>
    private static BulkItemResult Reject(DoubleIndex target, string operation, string id, string source, ItemError error)
    {
        if (!target.FailureStoreEnabled || error.Status != 400) return new BulkItemResult(operation, target.BackingIndex, id, error.Status, error);
        using var original = JsonDocument.Parse(JsonSerializer.Serialize(new { document = new { id, index = target.Name, source }, error = new { type = error.Type, message = error.Reason } }));
        target.FailureStore.Add(new StoredDocument(target.Name, target.FailureIndex, id, original.RootElement.Clone()));
        return new BulkItemResult(operation, target.FailureIndex, id, 201, FailureStoreUsed: true);
    }

    private BulkItemResult Delete(string name, string? id)
    {
        var target = _cluster.FindIndex(name);
        if (target is null || id is null || !target.ById.Remove(id, out var removed))
        {
            return new BulkItemResult("delete", name, id ?? string.Empty, 404);
        }

        target.Documents.Remove(removed);
        return new BulkItemResult("delete", target.BackingIndex, id, 200);
    }

    private static bool IsValidIndexName(string name)
    {
        if (name.Length == 0 || name.Length > 255 || name is "." or ".." || name[0] is '-' or '_' or '+') return false;
        foreach (var c in name)
        {
            if (char.IsUpper(c) || c is '\\' or '/' or '*' or '?' or '"' or '<' or '>' or '|' or ' ' or ',' or '#' or ':') return false;
        }

        return true;
    }
}
