using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Gateway.Testing.Elasticsearch;

/// <summary>Elasticsearch's answer shapes: bulk items, <c>{"error":{root_cause,type,reason},"status"}</c> and the product header.</summary>
internal static class DoubleResponses
{
    public static JsonObject Item(BulkItemResult item)
    {
        var json = new JsonObject { ["_index"] = item.Index, ["_id"] = item.Id };
        if (item.Error is { } error)
        {
            var errorJson = new JsonObject { ["type"] = error.Type, ["reason"] = error.Reason, ["index"] = item.Index };
            if (error.CauseType is not null) errorJson["caused_by"] = new JsonObject { ["type"] = error.CauseType, ["reason"] = error.CauseReason };
            json["status"] = item.Status;
            json["error"] = errorJson;
            return json;
        }

        json["_version"] = 1;
        json["result"] = item.Operation == "delete" ? (item.Status == 200 ? "deleted" : "not_found") : "created";
        json["_shards"] = new JsonObject { ["total"] = 2, ["successful"] = 1, ["failed"] = 0 };
        json["_seq_no"] = item.SequenceNumber;
        json["_primary_term"] = 1;
        json["status"] = item.Status;
        if (item.FailureStoreUsed) json["failure_store"] = "used";
        return json;
    }

    public static bool IsJsonOrNdJson(string? contentType)
    {
        if (contentType is null) return false;
        var media = contentType.Split(';')[0].Trim();
        return media is "application/json" or "application/x-ndjson" or "application/vnd.elasticsearch+json" or "application/vnd.elasticsearch+x-ndjson";
    }

    public static async Task WriteErrorAsync(HttpContext context, ItemError error)
    {
        var cause = new JsonObject { ["type"] = error.Type, ["reason"] = error.Reason };
        await WriteJsonAsync(context, error.Status, new JsonObject
        {
            ["error"] = new JsonObject { ["root_cause"] = new JsonArray(cause), ["type"] = error.Type, ["reason"] = error.Reason },
            ["status"] = error.Status,
        });
    }

    public static async Task WriteJsonAsync(HttpContext context, int status, JsonObject body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.Headers["X-elastic-product"] = "Elasticsearch";
        await context.Response.Body.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(body));
    }

    /// <summary>Elasticsearch answers 406 with a plain-string error for a Content-Type it does not read.</summary>
    public static Task WriteUnsupportedContentTypeAsync(HttpContext context) =>
        WriteJsonAsync(context, 406, new JsonObject { ["error"] = $"Content-Type header [{context.Request.ContentType}] is not supported", ["status"] = 406 });
}
