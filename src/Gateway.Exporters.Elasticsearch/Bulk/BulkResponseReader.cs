using System.Text.Json;

namespace Gateway.Exporters.Elasticsearch.Bulk;

/// <summary>
/// Reads the per-item answers of a <c>_bulk</c> response, which is 200 even when items fail. Decisions rest on each
/// item's HTTP status, never on the error type's name (names changed between versions): 2xx stored, 409 on create
/// already stored, 429 and 5xx retryable, any other 4xx a permanent rejection with Elasticsearch's reason.
/// </summary>
public static class BulkResponseReader
{
    /// <summary>The response fields the reader needs; everything else is filtered out by Elasticsearch.</summary>
    public const string FilterPath = "errors,items.*.status,items.*._index,items.*.failure_store,items.*.error.type,items.*.error.reason,items.*.error.caused_by.type,items.*.error.caused_by.reason";

    public static void Read(JsonElement root, BulkRequestBody body, int first, int end, BulkOutcome outcome)
    {
        var position = first;
        if (root.TryGetProperty("items"u8, out var items) && items.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in items.EnumerateArray())
            {
                if (position == end) break;
                ReadItem(item, body, position, outcome);
                position++;
            }
        }

        // Nothing counts as delivered unless Elasticsearch said so: items missing from the answer are tried again.
        for (; position < end; position++)
        {
            outcome.Failures.Add(new ItemFailure(position, true, "missing_item_response", "Elasticsearch's _bulk response had no entry for this item", body.TargetOf(position).Index));
        }
    }

    private static void ReadItem(JsonElement item, BulkRequestBody body, int position, BulkOutcome outcome)
    {
        JsonElement result = default;
        foreach (var operation in item.EnumerateObject())
        {
            result = operation.Value;
            break;
        }

        var status = result.ValueKind == JsonValueKind.Object && result.TryGetProperty("status"u8, out var s) && s.TryGetInt32(out var code) ? code : 0;
        var index = result.ValueKind == JsonValueKind.Object && result.TryGetProperty("_index"u8, out var i) ? i.GetString() : null;
        if (status is >= 200 and < 300)
        {
            if (result.TryGetProperty("failure_store"u8, out var store) && store.ValueEquals("used"u8))
            {
                outcome.FailureStored++;
                outcome.FailureStoreIndex ??= index;
            }
            else
            {
                outcome.Created++;
            }

            return;
        }

        if (status == 409)
        {
            outcome.Duplicates++;
            return;
        }

        var (type, reason) = ReadError(result);
        var retryable = status is 429 or >= 500 or 0;
        outcome.Failures.Add(new ItemFailure(position, retryable, type, reason, index ?? body.TargetOf(position).Index));
    }

    private static (string Type, string Reason) ReadError(JsonElement result)
    {
        if (result.ValueKind != JsonValueKind.Object || !result.TryGetProperty("error"u8, out var error) || error.ValueKind != JsonValueKind.Object)
        {
            return ("unknown_error", "Elasticsearch gave no error for a failed item");
        }

        var type = error.TryGetProperty("type"u8, out var t) ? t.GetString() ?? "unknown_error" : "unknown_error";
        var reason = error.TryGetProperty("reason"u8, out var r) ? r.GetString() ?? string.Empty : string.Empty;
        if (error.TryGetProperty("caused_by"u8, out var cause) && cause.ValueKind == JsonValueKind.Object)
        {
            var causeType = cause.TryGetProperty("type"u8, out var ct) ? ct.GetString() : null;
            var causeReason = cause.TryGetProperty("reason"u8, out var cr) ? cr.GetString() : null;
            reason = $"{reason} (caused by {causeType}: {causeReason})";
        }

        return (type, reason);
    }
}
