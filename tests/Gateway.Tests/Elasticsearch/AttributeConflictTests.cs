using Gateway.Envelope;
using Gateway.Exporters;
using Gateway.Testing;
using Gateway.Testing.Elasticsearch;

namespace Gateway.Tests.Elasticsearch;

public sealed class AttributeConflictTests
{
    /// <summary>Event <paramref name="variant"/> gives each of 100 attributes a different JSON type than the previous variant.</summary>
    private static EventEnvelope HundredAttributes(int variant)
    {
        var attributes = new KeyValue[100];
        for (var i = 0; i < attributes.Length; i++)
        {
            var value = ((i + variant) % 5) switch
            {
                0 => AttributeValue.FromLong(i),
                1 => AttributeValue.FromString($"text-{i}"),
                2 => AttributeValue.FromMap([new KeyValue("nested", AttributeValue.FromDouble(i + 0.5))]),
                3 => AttributeValue.FromBool(i % 2 == 0),
                _ => AttributeValue.FromString("2026-11-23T12:00:00Z"),
            };
            attributes[i] = new KeyValue($"attr.{i}", value);
        }

        return Some.Envelope(attributes: attributes);
    }

    [Fact]
    public async Task HundredAttributesWithConflictingTypesAcrossEventsAreIndexedWithoutASingleRejection()
    {
        await using var cluster = await ElasticsearchDouble.StartAsync();
        using var exporter = await ExporterUnderTest.StartAsync(cluster);
        var events = Enumerable.Range(0, 5).Select(HundredAttributes).ToArray();

        foreach (var envelope in events)
        {
            var result = await exporter.ExportAsync(envelope);
            Assert.Equal(ExportOutcome.Success, result.Outcome);
        }

        var stored = cluster.DocumentsIn("logs-gateway-production");
        Assert.Equal(5, stored.Count);
        Assert.All(stored, d => Assert.Equal(100, d.Field("attributes")!.Value.EnumerateObject().Count()));
    }

    [Fact]
    public async Task WithoutTheGatewayTemplateTheSameEventsAreRejectedSoTheFlattenedMappingIsWhatSavesThem()
    {
        await using var cluster = await ElasticsearchDouble.StartAsync();
        // A dated plain index with no template of ours: dynamic mapping, as on a cluster where set-up was skipped.
        using var exporter = ExporterUnderTest.Create(cluster, o =>
        {
            o.Setup.Enabled = false;
            o.Index = "events-%{+yyyy.MM.dd}";
        });

        var first = await exporter.ExportAsync(HundredAttributes(0));
        var second = await exporter.ExportAsync(HundredAttributes(1));

        Assert.Equal(ExportOutcome.Success, first.Outcome);
        Assert.Equal(ExportOutcome.Partial, second.Outcome);
        var failure = Assert.Single(second.ItemFailures);
        Assert.False(failure.Retryable);
        Assert.Equal("document_parsing_exception", failure.ErrorType);
    }
}
