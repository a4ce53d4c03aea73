using System.Text;
using Gateway.Otlp.Events;

namespace Gateway.Tests.Events;

/// <summary>The detection docs/events-api.md describes: a point per documented field, ties in a fixed order, payloads and batches by their events array.</summary>
public sealed class EventFormatDetectorTests
{
    [Theory]
    [InlineData("igniter.json", "Event", EventFormat.Igniter)]
    [InlineData("flux.json", "Event", EventFormat.Flux)]
    [InlineData("flux-batch.json", "Batch", EventFormat.Flux)]
    [InlineData("operational.json", "Event", EventFormat.Operational)]
    [InlineData("tracardi.json", "TracardiPayload", EventFormat.Tracardi)]
    [InlineData("dash0.json", "Event", EventFormat.Dash0)]
    public void EachDocumentedLayoutIsToldApart(string example, string kind, EventFormat format)
    {
        var body = Encoding.UTF8.GetBytes(File.ReadAllText(Gateway.Testing.RepositoryFiles.PathOf($"examples/events-api/{example}")));
        var item = Assert.Single(EventBodyScanner.Scan(body, ndjson: false, forced: null, maxEvents: 100).Items);

        Assert.Equal(kind, item.Kind.ToString());
        if (item.Kind == EventItemKind.Event) Assert.Equal(format, EventFormatDetector.Detect(item.Keys));
    }

    [Theory]
    [InlineData("""{"name": "a"}""", EventFormat.Igniter)]
    [InlineData("""{"name": "a", "tags": {"x": 1}}""", EventFormat.Flux)]
    [InlineData("""{"name": "a", "timestamp": 1, "attributes": {}}""", EventFormat.Dash0)]
    [InlineData("""{"name": "a", "timestamp": 1, "properties": {}}""", EventFormat.Flux)]
    [InlineData("""{"name": "a", "level": "info", "attributes": {}, "data": 1}""", EventFormat.Igniter)]
    [InlineData("""{"name": "a", "contextId": "c", "contextStart": true, "level": "warn"}""", EventFormat.Operational)]
    [InlineData("""{"name": "a", "title": "t", "unknown": 1, "other": 2}""", EventFormat.Dash0)]
    public void TheShapeDocumentingMostOfTheFieldsWinsAndATieGoesToTheEarlierShape(string json, EventFormat expected)
    {
        var item = Assert.Single(EventBodyScanner.Scan(Encoding.UTF8.GetBytes(json), ndjson: false, forced: null, maxEvents: 100).Items);

        Assert.Equal(expected, EventFormatDetector.Detect(item.Keys));
    }

    [Theory]
    [InlineData("""{"events": []}""", null, "Batch")]
    [InlineData("""{"events": [], "session": {"id": "s"}}""", null, "TracardiPayload")]
    [InlineData("""{"name": "a", "events": []}""", null, "Event")]
    [InlineData("""{"name": "a", "events": "x"}""", null, "Event")]
    [InlineData("""{"events": [], "session": {"id": "s"}}""", EventFormat.Flux, "Batch")]
    [InlineData("""{"events": []}""", EventFormat.Tracardi, "TracardiPayload")]
    [InlineData("""{"name": "a"}""", EventFormat.Tracardi, "Rejected")]
    public void AnEventsArrayMakesABatchOrATracardiPayload(string json, EventFormat? forced, string expected)
    {
        var item = Assert.Single(EventBodyScanner.Scan(Encoding.UTF8.GetBytes(json), ndjson: false, forced, maxEvents: 100).Items);

        Assert.Equal(expected, item.Kind.ToString());
    }

    [Fact]
    public void TheScanCountsTheEventsOfBatchesAndStopsPastTheLimit()
    {
        var body = Encoding.UTF8.GetBytes("""[{"events": [{"name": "a"}, {"name": "b"}]}, {"name": "c"}, 7]""");

        Assert.Equal(4, EventBodyScanner.Scan(body, ndjson: false, forced: null, maxEvents: 4).Events);
        Assert.Equal(3, Assert.Throws<TooManyEventsException>(() => EventBodyScanner.Scan(body, ndjson: false, forced: null, maxEvents: 3)).Limit);
    }
}
