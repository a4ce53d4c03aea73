using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gateway.Exporters.Elasticsearch.Transport;

namespace Gateway.Exporters.Elasticsearch.Kibana;

/// <summary>
/// Imports the gateway's Kibana objects (data view, saved search, dashboard) with
/// <c>POST /api/saved_objects/_import?overwrite=true</c>: a multipart form with the NDJSON as <c>file</c> and the
/// <c>kbn-xsrf</c> header Kibana requires. Overwriting makes a second run update the objects instead of failing.
/// </summary>
public sealed class KibanaSavedObjectsImporter
{
    public const string BuiltInAsset = "kibana/gateway-saved-objects.ndjson";
    public const string DefaultIndexPattern = "logs-gateway-*";

    private readonly HttpMessageInvoker _client;

    public KibanaSavedObjectsImporter(HttpMessageHandler? handler = null) =>
        _client = new HttpMessageInvoker(handler ?? new SocketsHttpHandler(), disposeHandler: handler is null);

    public async Task<KibanaImportResult> ImportAsync(KibanaImportRequest request, CancellationToken cancellationToken)
    {
        var ndjson = await ReadObjectsAsync(request, cancellationToken);
        var path = request.Space is null ? "api/saved_objects/_import?overwrite=true" : $"s/{Uri.EscapeDataString(request.Space)}/api/saved_objects/_import?overwrite=true";
        var baseUrl = request.KibanaUrl.ToString().EndsWith('/') ? request.KibanaUrl : new Uri(request.KibanaUrl + "/");
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(ndjson));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/ndjson");
        using var form = new MultipartFormDataContent { { file, "file", "gateway-saved-objects.ndjson" } };
        using var message = new HttpRequestMessage(HttpMethod.Post, new Uri(baseUrl, path)) { Content = form };
        message.Headers.Add("kbn-xsrf", "true");
        message.Headers.Authorization = AuthorizationHeader.Create(request.ApiKey, request.Username, request.Password, null);
        HttpResponseMessage response;
        try
        {
            response = await _client.SendAsync(message, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            return new KibanaImportResult(false, 0, [$"cannot reach Kibana at {request.KibanaUrl}: {e.Message}"]);
        }

        using (response)
        {
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                var error = ElasticsearchError.Parse(body, (int)response.StatusCode);
                var text = ReadKibanaMessage(body) ?? error.Reason;
                return new KibanaImportResult(false, 0, [$"Kibana answered HTTP {(int)response.StatusCode}: {text}"]);
            }

            return ReadResult(body);
        }
    }

    private static async Task<string> ReadObjectsAsync(KibanaImportRequest request, CancellationToken cancellationToken)
    {
        string text;
        if (request.SavedObjectsFile is { } file)
        {
            text = await File.ReadAllTextAsync(file, cancellationToken);
        }
        else
        {
            await using var stream = typeof(KibanaSavedObjectsImporter).Assembly.GetManifestResourceStream(BuiltInAsset)
                ?? throw new InvalidOperationException($"embedded resource '{BuiltInAsset}' is missing");
            using var reader = new StreamReader(stream);
            text = await reader.ReadToEndAsync(cancellationToken);
        }

        return request.IndexPattern is { } pattern ? WithIndexPattern(text, pattern) : text;
    }

    /// <summary>Points the data view at another pattern, leaving every other object as it is.</summary>
    private static string WithIndexPattern(string ndjson, string pattern)
    {
        var output = new StringBuilder(ndjson.Length);
        foreach (var line in ndjson.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var node = JsonNode.Parse(line)!.AsObject();
            if ((string?)node["type"] == "index-pattern") node["attributes"]!["title"] = pattern;
            output.Append(node.ToJsonString()).Append('\n');
        }

        return output.ToString();
    }

    private static KibanaImportResult ReadResult(byte[] body)
    {
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        var success = root.TryGetProperty("success"u8, out var s) && s.ValueKind == JsonValueKind.True;
        var count = root.TryGetProperty("successCount"u8, out var c) && c.TryGetInt32(out var n) ? n : 0;
        var errors = new List<string>();
        if (root.TryGetProperty("errors"u8, out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var error in list.EnumerateArray())
            {
                var type = error.TryGetProperty("type"u8, out var t) ? t.GetString() : "?";
                var id = error.TryGetProperty("id"u8, out var i) ? i.GetString() : "?";
                var kind = error.TryGetProperty("error"u8, out var e) && e.TryGetProperty("type"u8, out var k) ? k.GetString() : "error";
                errors.Add($"{type} '{id}': {kind}");
            }
        }

        return new KibanaImportResult(success, count, errors);
    }

    private static string? ReadKibanaMessage(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.TryGetProperty("message"u8, out var m) ? m.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
