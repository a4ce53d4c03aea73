using Gateway.Exporters;
using Gateway.Exporters.Elasticsearch.Configuration;
using Gateway.Testing;
using Gateway.Testing.Elasticsearch;

namespace Gateway.Tests.Elasticsearch;

/// <summary>
/// An event carrying NaN or an infinity is indexed, with the number as the string every writer uses. Elasticsearch
/// refuses non-finite values in a <c>double</c> field, so the gateway's templates map <c>value</c> and the sample rate
/// with <c>ignore_malformed</c>: the document is kept (the string stays in <c>_source</c>), only that field is not indexed.
/// </summary>
public sealed class NonFiniteNumberDocumentTests
{
    public static readonly TheoryData<DocumentMapping, double, string> Cases = Combine();

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task TheEventIsIndexedWithTheNumberAsItsString(DocumentMapping mapping, double number, string text)
    {
        await using var cluster = await ElasticsearchDouble.StartAsync();
        using var exporter = await ExporterUnderTest.StartAsync(cluster, o => o.Mapping = mapping);
        var poison = Some.NonFiniteEnvelope(number);

        var result = await exporter.ExportAsync(Some.Envelope(), poison, Some.Envelope());

        Assert.Equal(ExportOutcome.Success, result.Outcome);
        var documents = cluster.DocumentsIn("logs-gateway-production");
        Assert.Equal(3, documents.Count);
        var stored = Assert.Single(documents, d => d.Id == poison.IdHex);
        if (mapping == DocumentMapping.Envelope)
        {
            Gateway.Tests.Envelope.NonFiniteNumberTests.AssertEveryNumberIs(text, stored.Source);
            return;
        }

        Assert.Equal(text, stored.Text("value"));
        Assert.Equal(text, stored.Text("sample_rate"));
        Assert.Equal(text, stored.Text("labels.score"));
        var attributes = stored.Field("attributes")!.Value;
        Assert.Equal(text, attributes.GetProperty("ratio").GetString());
        Assert.Equal(text, attributes.GetProperty("readings")[1].GetString());
        Assert.Equal(text, attributes.GetProperty("sensor").GetProperty("level").GetString());
        Assert.Equal(text, stored.Text("body.reading"));
        Assert.Equal(text, stored.Field("resource")!.Value.GetProperty("service.instance.load").GetString());
    }

    private static TheoryData<DocumentMapping, double, string> Combine()
    {
        var cases = new TheoryData<DocumentMapping, double, string>();
        foreach (var mapping in new[] { DocumentMapping.Ecs, DocumentMapping.Envelope })
        {
            foreach (var row in Some.NonFiniteNumbers) cases.Add(mapping, (double)row[0], (string)row[1]);
        }

        return cases;
    }
}
