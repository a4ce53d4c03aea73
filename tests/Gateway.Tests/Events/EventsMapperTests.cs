using System.Text;
using Gateway.Envelope;
using Gateway.Otlp.Events;

namespace Gateway.Tests.Events;

/// <summary>
/// How the shapes' fields map beyond their documented layouts (docs/events-api.md): nothing sent is dropped, a field
/// of an unexpected type stays an attribute, levels and severities, Tracardi's sharing, ids from content.
/// </summary>
public sealed class EventsMapperTests
{
    [Fact]
    public void FieldsOfAnUnexpectedTypeAndUnknownFieldsStayAttributesUnderTheirNames()
    {
        var envelope = One("""
            {"name": "a", "level": "info", "actor": "usr_1", "scope": {"type": "org", "id": {"nested": 1}, "region": "eu"},
             "attributes": ["x"], "error": {"name": "E", "cause": "disk full", "retryable": true}, "source": {"line": "n/a", "module": "m"},
             "spanId": "not-hex", "parentSpanId": "00f067aa0ba902b7", "extra": {"deep": [1, 2]}, "nothing": null}
            """);

        Assert.Equal("usr_1", Attribute(envelope, "actor").AsString);
        Assert.Equal("org", envelope.Scope!.Type);
        Assert.Null(envelope.Scope.Id);
        Assert.Equal("eu", Attribute(envelope, "scope.region").AsString);
        Assert.Equal(1, Attribute(envelope, "scope.id").AsMap.Single().Value.AsLong);
        Assert.Equal("x", Attribute(envelope, "attributes").AsArray.Single().AsString);
        Assert.Equal("E", envelope.Error!.Name);
        Assert.Equal("disk full", Attribute(envelope, "error.cause").AsString);
        Assert.True(Attribute(envelope, "error.retryable").AsBool);
        Assert.Equal("n/a", Attribute(envelope, "code.line.number").AsString);
        Assert.Equal("m", Attribute(envelope, "source.module").AsString);
        Assert.Equal("not-hex", Attribute(envelope, "spanId").AsString);
        Assert.Null(envelope.SpanId);
        Assert.Equal("00f067aa0ba902b7", Attribute(envelope, "parentSpanId").AsString);
        Assert.Equal(2, Attribute(envelope, "extra").AsMap.Single().Value.AsArray[1].AsLong);
        Assert.True(Attribute(envelope, "nothing").IsEmpty);
    }

    [Theory]
    [InlineData("warning", EventLevel.Warn, 13)]
    [InlineData("FATAL", EventLevel.Fatal, 21)]
    [InlineData("trace", EventLevel.Debug, 5)]
    [InlineData("critical", EventLevel.Fatal, 21)]
    public void AnIgniterLevelIsReadAsTheUsualLevelWords(string level, EventLevel expected, int severityNumber)
    {
        var envelope = One($$"""{"name": "a", "level": "{{level}}", "sessionId": "s"}""");

        Assert.Equal(expected, envelope.Level);
        Assert.Equal(severityNumber, envelope.SeverityNumber);
        Assert.Equal(level, envelope.SeverityText);
    }

    [Theory]
    [InlineData("""{"name": "a", "level": "verbose", "sessionId": "s"}""", "level \"verbose\" is not one of debug, info, warn, error, fatal; the event was taken as info and the value kept as the attribute level")]
    [InlineData("""{"name": "a", "severity": "Error", "data": 1}""", "severity \"Error\" is not one of UNSPECIFIED, TRACE, DEBUG, INFO, WARN, ERROR, FATAL (upper case, as the Dash0 SDK spells them); the event was taken as info and the value kept as the attribute severity")]
    [InlineData("""{"name": "a", "severity": 17, "data": 1}""", "severity 17 is not one of UNSPECIFIED")]
    public void AnUnknownLevelIsTakenAsInfoKeptAsAnAttributeAndReportedAsAWarning(string json, string warning)
    {
        var mapped = Map(json);

        var envelope = Assert.Single(mapped.Envelopes);
        Assert.Equal(EventLevel.Info, envelope.Level);
        Assert.Equal(9, envelope.SeverityNumber);
        var problem = Assert.Single(mapped.Outcomes.Reported);
        Assert.True(problem.Warning);
        Assert.StartsWith(warning, problem.Reason, StringComparison.Ordinal);
        Assert.Equal(0, mapped.Outcomes.Rejected);
    }

    [Theory]
    [InlineData("TRACE", EventLevel.Debug, 1)]
    [InlineData("DEBUG", EventLevel.Debug, 5)]
    [InlineData("WARN", EventLevel.Warn, 13)]
    [InlineData("ERROR", EventLevel.Error, 17)]
    [InlineData("FATAL", EventLevel.Fatal, 21)]
    [InlineData("UNSPECIFIED", EventLevel.Info, 0)]
    public void ADash0SeverityIsItsOtlpSeverity(string severity, EventLevel level, int number)
    {
        var envelope = One($$"""{"name": "a", "data": "d", "severity": "{{severity}}"}""");

        Assert.Equal(level, envelope.Level);
        Assert.Equal(number, envelope.SeverityNumber);
        Assert.Equal(severity, envelope.SeverityText);
    }

    [Fact]
    public void Dash0AttributesAreReadAsOtlpAttributes()
    {
        var envelope = One("""
            {"name": "checkout.failed", "data": "declined", "attributes": {"session.id": "s-1", "user.id": 42, "exception.type": "CardError", "tags.region": "eu", "page": "/cart"}}
            """);

        Assert.Equal("s-1", envelope.SessionId);
        Assert.Equal(("user", "42"), (envelope.Actor!.Type, envelope.Actor.Id));
        Assert.Equal("CardError", envelope.Error!.Name);
        Assert.Equal("eu", envelope.Tags.Single(t => t.Key == "region").Value.AsString);
        Assert.Equal("/cart", Attribute(envelope, "page").AsString);
        Assert.Equal("declined", envelope.Message);
    }

    [Fact]
    public void TheShapesOwnFieldsWinOverSameNamedAttributesWhichStayAttributes()
    {
        var envelope = One("""{"name": "a", "sessionId": "from-field", "level": "info", "attributes": {"session.id": "from-attribute"}}""");

        Assert.Equal("from-field", envelope.SessionId);
        Assert.Equal("from-attribute", Attribute(envelope, "session.id").AsString);
    }

    [Fact]
    public void AFluxValueIsANumberOrNaNAndTheInfinitiesAnythingElseStaysTheAttributeValue()
    {
        var mapped = Map("""
            [{"name": "a", "value": 3, "user_id": 42}, {"name": "b", "value": "-Infinity", "properties": {}}, {"name": "c", "value": "29.99", "properties": {}}]
            """);

        Assert.Equal(3d, mapped.Envelopes[0].Value);
        Assert.Equal("42", mapped.Envelopes[0].Actor!.Id);
        Assert.Equal(double.NegativeInfinity, mapped.Envelopes[1].Value);
        Assert.Null(mapped.Envelopes[2].Value);
        Assert.Equal("29.99", Attribute(mapped.Envelopes[2], "value").AsString);
    }

    [Fact]
    public void OperationalTextContentIsTheMessageTagsAListOfNamesAndATimestampItsTime()
    {
        var envelope = One("""
            {"name": "user signed up", "avatar": ":)", "content": "Someone signed up", "userId": null, "tags": ["signup", "web", "signup"], "contextStart": false, "timestamp": "2026-03-14T10:00:00Z"}
            """);

        Assert.Equal("Someone signed up", envelope.Message);
        Assert.Null(envelope.Actor);
        Assert.False(envelope.ContextStart);
        Assert.Equal(["signup", "web"], envelope.Tags.Select(t => t.Key));
        Assert.All(envelope.Tags, t => Assert.True(t.Value.AsBool));
        Assert.Equal("2026-03-14T10:00:00Z", EnvelopeTime.Format(envelope.TimeUnixNano));
    }

    [Fact]
    public void ATracardiEventsOwnTimePropertiesAndContextWinOverThePayloads()
    {
        var mapped = Map("""
            {"source": {"id": "web", "name": "Shop"}, "session": {"id": "s-1", "duration": 30}, "profile": {"id": "p-1"},
             "properties": {"currency": "EUR", "page": "home"}, "context": {"device": "phone", "tag": "payload"}, "tags": ["vip"],
             "time": {"create": "2026-03-14T09:00:00Z", "insert": "2026-03-14T09:00:05Z"}, "metadata": {"ip": "10.0.0.1"},
             "events": [
               {"type": "page-view", "properties": {"page": "basket"}, "context": {"tag": "event"}, "time": {"create": "2026-03-14T09:01:00Z", "update": "2026-03-14T09:02:00Z"}},
               {"type": "purchase", "tags": ["promo"]}
             ]}
            """);

        var view = mapped.Envelopes[0];
        Assert.Equal("2026-03-14T09:01:00Z", EnvelopeTime.Format(view.TimeUnixNano));
        Assert.Equal("2026-03-14T09:00:05Z", EnvelopeTime.Format(view.ObservedTimeUnixNano));
        Assert.Equal("basket", Attribute(view, "page").AsString);
        Assert.Equal("EUR", Attribute(view, "currency").AsString);
        Assert.Equal([("tag", "event"), ("device", "phone")], Attribute(view, "context").AsMap.Select(e => (e.Key, e.Value.AsString)));
        Assert.Equal("2026-03-14T09:02:00Z", Attribute(view, "time.update").AsString);
        Assert.Equal(30, Attribute(view, "session.duration").AsLong);
        Assert.Equal("10.0.0.1", Attribute(view, "metadata").AsMap.Single().Value.AsString);
        Assert.Equal(["source.id", "source.name"], view.Resource.Select(r => r.Key));
        Assert.Equal(("profile", "p-1", "s-1"), (view.Actor!.Type, view.Actor.Id, view.SessionId));
        var purchase = mapped.Envelopes[1];
        Assert.Equal("2026-03-14T09:00:00Z", EnvelopeTime.Format(purchase.TimeUnixNano));
        Assert.Equal(["promo", "vip"], purchase.Tags.Select(t => t.Key));
    }

    [Fact]
    public void ABatchsOwnFieldsGoToEachEventUnlessTheEventHasTheSameField()
    {
        var mapped = Map("""{"events": [{"name": "a", "properties": {"origin": "event"}}, {"name": "b"}], "origin": "batch"}""");

        Assert.Equal("event", Attribute(mapped.Envelopes[0], "origin").AsString);
        Assert.Equal("batch", Attribute(mapped.Envelopes[1], "origin").AsString);
    }

    [Fact]
    public void TextThatIsNotUnicodeRejectsOnlyItsEvent()
    {
        // A raw literal: the JSON holds the escape \uD800, half a surrogate pair, which no string can be made of.
        var body = Encoding.UTF8.GetBytes("""[{"name": "a"}, {"name": "b", "note": "\uD800 alone"}, {"name": "c"}]""");
        var mapped = Map(body);

        Assert.Equal(["a", "c"], mapped.Envelopes.Select(e => e.Name));
        var rejected = Assert.Single(mapped.Outcomes.Reported);
        Assert.Equal(1, rejected.Index);
        Assert.StartsWith("a value is not valid Unicode text", rejected.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void AttributesAreCutToMaxAttributesAndMarked()
    {
        var properties = string.Join(", ", Enumerable.Range(0, 300).Select(i => $"\"p{i:000}\": {i}"));

        var envelope = One($$$"""{"name": "wide", "properties": { {{{properties}}} }}""");

        Assert.Equal(256, envelope.Attributes.Length);
        Assert.Equal(["p256", "p257", "p258", "p259", "p260", "p261", "p262", "p263", "p264", "p265", "... and 34 more"], envelope.Truncated!);
    }

    [Fact]
    public void TheIdComesFromTheContentSoTheSameEventLaidOutDifferentlyKeepsItAndAnyChangeMakesANewOne()
    {
        var compact = One("""{"name":"a","user_id":"u-1","properties":{"plan":"pro"}}""").Id;
        var spaced = One("{ \"name\" : \"a\",\n \"user_id\" : \"u-1\", \"properties\" : { \"plan\" : \"p\\u0072o\" } }").Id;
        var otherPlan = One("""{"name":"a","user_id":"u-1","properties":{"plan":"free"}}""").Id;
        var otherService = Map(Encoding.UTF8.GetBytes("""{"name":"a","user_id":"u-1","properties":{"plan":"pro"}}"""), service: "billing").Envelopes.Single().Id;

        Assert.Equal(compact, spaced);
        Assert.NotEqual(compact, otherPlan);
        Assert.NotEqual(compact, otherService);
    }

    private static EventEnvelope One(string json)
    {
        var mapped = Map(json);
        Assert.True(mapped.Outcomes.Rejected == 0, string.Join("; ", mapped.Outcomes.Reported.Select(p => p.Reason)));
        return Assert.Single(mapped.Envelopes);
    }

    private static MappedEvents Map(string json) => EventsMapping.Map(json);

    private static MappedEvents Map(byte[] body, string? service = null) => EventsMapping.Map(body, service);

    private static AttributeValue Attribute(EventEnvelope envelope, string key) => Assert.Single(envelope.Attributes, a => a.Key == key).Value;
}
