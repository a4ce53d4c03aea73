using System.Text.Json.Nodes;
using Gateway.Exporters;
using Gateway.Testing;
using Gateway.Testing.Elasticsearch;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Gateway.Tests.Elasticsearch;

public sealed class SetupTests
{
    [Fact]
    public async Task StartInstallsThePolicyTheComponentTemplatesAndAnIndexTemplateAboveTheBuiltInLogsTemplate()
    {
        await using var cluster = await ElasticsearchDouble.StartAsync();
        using var exporter = await ExporterUnderTest.StartAsync(cluster, o =>
        {
            o.Setup.DeleteAfter = "30d";
            o.Setup.ExtraDatasets.Add("Billing-Jobs");
        });

        var template = cluster.IndexTemplates["gateway-logs"];
        Assert.Equal(["logs-gateway-*", "logs-billing_jobs-*"], TemplatePatterns(template));
        Assert.Equal(200, (int)template["priority"]!);
        Assert.NotNull(template["data_stream"]);
        Assert.Equal(["gateway-logs@settings", "gateway-logs@mappings"], template["composed_of"]!.AsArray().Select(n => (string?)n));
        Assert.Equal("gateway-logs", (string?)cluster.ComponentTemplates["gateway-logs@settings"]["template"]!["settings"]!["index.lifecycle.name"]);
        Assert.Equal("flattened", (string?)cluster.ComponentTemplates["gateway-logs@mappings"]["template"]!["mappings"]!["properties"]!["attributes"]!["type"]);
        Assert.Equal("30d", (string?)cluster.IlmPolicies["gateway-logs"]["policy"]!["phases"]!["delete"]!["min_age"]);
        Assert.Contains(exporter.Logger.Entries, e => e.Id.Id == 3100);

        await exporter.ExportAsync(Some.Envelope());
        Assert.Equal("flattened", cluster.MappingTypeOf("logs-gateway-production", "attributes"));
    }

    [Fact]
    public async Task RunningSetUpAgainChangesNothingAndSucceeds()
    {
        await using var cluster = await ElasticsearchDouble.StartAsync();
        using (await ExporterUnderTest.StartAsync(cluster))
        {
        }

        var before = cluster.IndexTemplates["gateway-logs"].ToJsonString();
        using var second = await ExporterUnderTest.StartAsync(cluster);

        Assert.DoesNotContain(second.Logger.Entries, e => e.Level >= LogLevel.Warning);
        Assert.Equal(before, cluster.IndexTemplates["gateway-logs"].ToJsonString());
    }

    [Fact]
    public async Task MissingPrivilegesAreAClearErrorAndTheExporterStillDelivers()
    {
        await using var cluster = await ElasticsearchDouble.StartAsync();
        cluster.DenyTemplateWrites = true;
        using var exporter = await ExporterUnderTest.StartAsync(cluster);

        var error = Assert.Single(exporter.Logger.Entries, e => e.Level == LogLevel.Error);
        Assert.Contains("HTTP 403 security_exception", error.Message, StringComparison.Ordinal);
        Assert.Contains("manage_index_templates", error.Message, StringComparison.Ordinal);
        Assert.Contains("setup.enabled: false", error.Message, StringComparison.Ordinal);
        var result = await exporter.ExportAsync(Some.Envelope());
        Assert.Equal(ExportOutcome.Success, result.Outcome);
        // Without our template the built-in logs template applies.
        Assert.Single(cluster.DocumentsIn("logs-gateway-production"));
    }

    [Fact]
    public async Task ATemplateOfEqualPriorityIsRefusedByTheClusterAndReported()
    {
        await using var cluster = await ElasticsearchDouble.StartAsync();
        using var exporter = await ExporterUnderTest.StartAsync(cluster, o => o.Setup.Priority = 100);

        Assert.DoesNotContain("gateway-logs", cluster.IndexTemplates.Keys);
        var error = Assert.Single(exporter.Logger.Entries, e => e.Level == LogLevel.Error);
        Assert.Contains("same priority [100]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhenTheClusterIsDownAtStartSetUpRunsBeforeTheFirstDocumentIsWritten()
    {
        await using var cluster = await ElasticsearchDouble.StartAsync();
        cluster.DropConnections = true;
        using var exporter = await ExporterUnderTest.StartAsync(cluster);
        var whileDown = await exporter.ExportAsync(Some.Envelope());
        cluster.DropConnections = false;

        var afterwards = await exporter.ExportAsync(Some.Envelope());

        Assert.Equal(ExportOutcome.Retryable, whileDown.Outcome);
        Assert.Contains("set-up", whileDown.Reason, StringComparison.Ordinal);
        Assert.Equal(ExportOutcome.Success, afterwards.Outcome);
        Assert.Single(exporter.Logger.Entries, e => e.Id.Id == 3102);
        Assert.Equal("flattened", cluster.MappingTypeOf("logs-gateway-production", "attributes"));
    }

    [Fact]
    public async Task APlainDatedIndexGetsATemplateWithoutDataStreamOrRollover()
    {
        await using var cluster = await ElasticsearchDouble.StartAsync();
        using var exporter = await ExporterUnderTest.StartAsync(cluster, o => o.Index = "gateway-%{+yyyy.MM.dd}");

        await exporter.ExportAsync(Some.Envelope());

        var template = cluster.IndexTemplates["gateway-logs"];
        Assert.Equal(["gateway-*"], TemplatePatterns(template));
        Assert.Null(template["data_stream"]);
        Assert.Empty(cluster.IlmPolicies);
        Assert.Single(cluster.DocumentsIn("gateway-2026.11.23"));
        Assert.Equal("flattened", cluster.MappingTypeOf("gateway-2026.11.23", "attributes"));
    }

    [Fact]
    public async Task AServerThatDoesNotSayItIsElasticsearchIsNotTakenForAnInstalledTemplate()
    {
        // The product check the typed client made on its first request, now the exporter's own: a proxy's or another
        // product's 200 to the PUT has installed nothing, and the operator is told where to look.
        await using var impostor = await LoopbackServer.StartAsync(app =>
        {
            app.MapMethods("/", ["GET", "HEAD"], () => Results.Text("""{"version":{"number":"2.11.0","distribution":"opensearch"}}""", "application/json"));
            app.MapMethods("/{**path}", ["PUT"], () => Results.Text("""{"acknowledged":true}""", "application/json"));
        });
        using var exporter = ExporterUnderTest.Create(ExporterUnderTest.DefaultOptions(impostor.Address));

        await exporter.Exporter.StartAsync(CancellationToken.None);

        var error = Assert.Single(exporter.Logger.Entries, e => e.Level == LogLevel.Error);
        Assert.Equal(3101, error.Id.Id);
        Assert.Contains("unsupported_product", error.Message, StringComparison.Ordinal);
        Assert.Contains("X-Elastic-Product", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(exporter.Logger.Entries, e => e.Id.Id == 3100);
    }

    private static IEnumerable<string?> TemplatePatterns(JsonObject template) => template["index_patterns"]!.AsArray().Select(n => (string?)n);
}
