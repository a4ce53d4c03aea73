using System.Text.Json;
using Gateway.Exporters.Elasticsearch.Kibana;
using Gateway.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Gateway.Tests.Elasticsearch;

public sealed class KibanaSavedObjectsTests
{
    private static string AssetPath() => RepositoryFiles.PathOf("config", "kibana", "gateway-saved-objects.ndjson");

    private static List<JsonElement> Objects(string ndjson) =>
        ndjson.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToList();

    [Fact]
    public void TheSavedObjectsHoldADataViewASearchAndADashboardWhoseReferencesAllResolve()
    {
        var objects = Objects(File.ReadAllText(AssetPath()));
        var ids = objects.Select(o => (o.GetProperty("type").GetString(), o.GetProperty("id").GetString())).ToHashSet();

        var dataView = Assert.Single(objects, o => o.GetProperty("type").GetString() == "index-pattern");
        Assert.Equal("logs-gateway-*", dataView.GetProperty("attributes").GetProperty("title").GetString());
        Assert.Equal("@timestamp", dataView.GetProperty("attributes").GetProperty("timeFieldName").GetString());
        var search = Assert.Single(objects, o => o.GetProperty("type").GetString() == "search");
        Assert.Contains("log.level", search.GetProperty("attributes").GetProperty("columns").EnumerateArray().Select(c => c.GetString()));
        var dashboard = Assert.Single(objects, o => o.GetProperty("type").GetString() == "dashboard");
        var panels = JsonDocument.Parse(dashboard.GetProperty("attributes").GetProperty("panelsJSON").GetString()!).RootElement;
        Assert.Equal(5, panels.GetArrayLength());
        var titles = objects.Where(o => o.GetProperty("type").GetString() == "visualization").Select(o => o.GetProperty("attributes").GetProperty("title").GetString());
        Assert.Equal(["Events over time by level", "Top event names", "Top services", "Errors by type"], titles);
        foreach (var reference in objects.SelectMany(o => o.GetProperty("references").EnumerateArray()))
        {
            Assert.Contains((reference.GetProperty("type").GetString(), reference.GetProperty("id").GetString()), ids);
        }

        foreach (var panel in panels.EnumerateArray())
        {
            var name = panel.GetProperty("panelRefName").GetString();
            Assert.Contains(dashboard.GetProperty("references").EnumerateArray(), r => r.GetProperty("name").GetString() == name);
        }
    }

    [Fact]
    public async Task ImportPostsTheObjectsAsAMultipartFileWithTheXsrfHeaderAndOverwrite()
    {
        string? xsrf = null, query = null, fileName = null, content = null, authorization = null, path = null;
        await using var kibana = await LoopbackServer.StartAsync(app => app.MapPost("/s/{space}/api/saved_objects/_import", async (HttpContext context) =>
        {
            xsrf = context.Request.Headers["kbn-xsrf"];
            authorization = context.Request.Headers.Authorization;
            query = context.Request.QueryString.Value;
            path = context.Request.Path;
            var form = await context.Request.ReadFormAsync();
            var file = form.Files["file"]!;
            fileName = file.FileName;
            using var reader = new StreamReader(file.OpenReadStream());
            content = await reader.ReadToEndAsync();
            return Results.Json(new { success = true, successCount = 7 });
        }));
        var importer = new KibanaSavedObjectsImporter();

        var result = await importer.ImportAsync(new KibanaImportRequest
        {
            KibanaUrl = kibana.Address,
            Space = "ops",
            ApiKey = "id:key",
            IndexPattern = "logs-shop-*",
        }, CancellationToken.None);

        Assert.True(result.Success);
        Assert.Equal(7, result.SuccessCount);
        Assert.Equal("true", xsrf);
        Assert.Equal("?overwrite=true", query);
        Assert.Equal("/s/ops/api/saved_objects/_import", path);
        Assert.EndsWith(".ndjson", fileName, StringComparison.Ordinal);
        Assert.Equal("ApiKey aWQ6a2V5", authorization);
        var objects = Objects(content!);
        Assert.Equal(7, objects.Count);
        Assert.Equal("logs-shop-*", objects.Single(o => o.GetProperty("type").GetString() == "index-pattern").GetProperty("attributes").GetProperty("title").GetString());
    }

    [Fact]
    public async Task KibanasRefusalsAreReportedPerObjectAndPerRequest()
    {
        await using var kibana = await LoopbackServer.StartAsync(app =>
        {
            app.MapPost("/api/saved_objects/_import", () => Results.Json(new
            {
                success = false,
                successCount = 6,
                errors = new[] { new { id = "telemetry-gateway-overview", type = "dashboard", error = new { type = "missing_references" } } },
            }));
            app.MapPost("/s/locked/api/saved_objects/_import", () => Results.Json(new { statusCode = 403, error = "Forbidden", message = "Unable to bulk_create dashboard" }, statusCode: 403));
        });
        var importer = new KibanaSavedObjectsImporter();

        var partial = await importer.ImportAsync(new KibanaImportRequest { KibanaUrl = kibana.Address }, CancellationToken.None);
        var refused = await importer.ImportAsync(new KibanaImportRequest { KibanaUrl = kibana.Address, Space = "locked" }, CancellationToken.None);

        Assert.False(partial.Success);
        Assert.Equal(["dashboard 'telemetry-gateway-overview': missing_references"], partial.Errors);
        Assert.False(refused.Success);
        Assert.Equal(["Kibana answered HTTP 403: Unable to bulk_create dashboard"], refused.Errors);
    }
}
