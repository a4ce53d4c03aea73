using Gateway.Envelope;
using Gateway.Testing;

namespace Gateway.Tests.Routing;

/// <summary>Each kind of <c>match:</c> condition, through a single route that sends what it matches to chat/oncall.</summary>
public sealed class MatchConditionTests
{
    private static RouteProbe Only(string match) => RouteProbe.For($"""
        routes:
          - name: probe
            match: {match}
            exporters: [chat/oncall]
        """);

    [Theory]
    [InlineData("error", EventLevel.Error, true)]
    [InlineData("error", EventLevel.Fatal, false)]
    [InlineData("\">=error\"", EventLevel.Fatal, true)]
    [InlineData("\">=error\"", EventLevel.Error, true)]
    [InlineData("\">=error\"", EventLevel.Warn, false)]
    [InlineData("\">warn\"", EventLevel.Warn, false)]
    [InlineData("\">warn\"", EventLevel.Error, true)]
    [InlineData("\"<=info\"", EventLevel.Debug, true)]
    [InlineData("\"<info\"", EventLevel.Info, false)]
    [InlineData("\"!=debug\"", EventLevel.Info, true)]
    [InlineData("\"!=debug\"", EventLevel.Debug, false)]
    [InlineData("[debug, fatal]", EventLevel.Fatal, true)]
    [InlineData("[debug, fatal]", EventLevel.Error, false)]
    [InlineData("[\"<info\", \">=error\"]", EventLevel.Warn, false)]
    [InlineData("[\"<info\", \">=error\"]", EventLevel.Debug, true)]
    public void LevelTakesALevelAListOrAComparison(string level, EventLevel actual, bool expected)
    {
        Assert.Equal(expected, Only($"{{ level: {level} }}").Matches(Some.Envelope(level: actual)));
    }

    [Fact]
    public void NameServiceAndEnvironmentTakeGlobsOrListsOfGlobs()
    {
        var probe = Only("{ name: \"healthcheck.*\", service: [checkout, \"payments-*\"], environment: \"prod*\" }");

        Assert.True(probe.Matches(Some.Envelope(name: "healthcheck.ready", service: "payments-eu", environment: "production")));
        Assert.True(probe.Matches(Some.Envelope(name: "healthcheck.live", service: "checkout", environment: "prod")));
        Assert.False(probe.Matches(Some.Envelope(name: "order.placed", service: "checkout", environment: "production")));
        Assert.False(probe.Matches(Some.Envelope(name: "healthcheck.live", service: "shipping", environment: "production")));
        Assert.False(probe.Matches(Some.Envelope(name: "healthcheck.live", service: "checkout", environment: "staging")));
        Assert.False(probe.Matches(Some.Envelope(name: "healthcheck.live", service: "checkout", environment: null)));
    }

    [Fact]
    public void ActorAndScopeAreMatchedByTypeAndId()
    {
        var dotted = Only("{ actor.type: user, scope.type: tenant, scope.id: \"acme*\" }");
        var nested = Only("{ actor: { type: user }, scope: { type: tenant, id: \"acme*\" } }");
        var acmeUser = Some.Envelope(actor: new EntityRef { Type = "user", Id = "u-1" }, scope: new EntityRef { Type = "tenant", Id = "acme-eu" });
        var service = Some.Envelope(actor: new EntityRef { Type = "service", Id = "cron" }, scope: new EntityRef { Type = "tenant", Id = "acme-eu" });
        var otherTenant = Some.Envelope(actor: new EntityRef { Type = "user", Id = "u-1" }, scope: new EntityRef { Type = "tenant", Id = "globex" });

        foreach (var probe in new[] { dotted, nested })
        {
            Assert.True(probe.Matches(acmeUser));
            Assert.False(probe.Matches(service));
            Assert.False(probe.Matches(otherTenant));
        }

        var noActor = Some.Envelope();
        noActor.Actor = null;
        Assert.False(dotted.Matches(noActor));
    }

    [Fact]
    public void AttributeValuesMatchAsGlobsAndNumbersByValue()
    {
        var probe = Only("{ attributes: { http.route: \"/api/*\", http.status_code: [500, 503] } }");

        Assert.True(probe.Matches(WithAttributes(("http.route", AttributeValue.FromString("/api/orders")), ("http.status_code", AttributeValue.FromLong(503)))));
        Assert.True(probe.Matches(WithAttributes(("http.route", AttributeValue.FromString("/api/orders")), ("http.status_code", AttributeValue.FromDouble(500.0)))));
        Assert.False(probe.Matches(WithAttributes(("http.route", AttributeValue.FromString("/api/orders")), ("http.status_code", AttributeValue.FromLong(200)))));
        Assert.False(probe.Matches(WithAttributes(("http.route", AttributeValue.FromString("/health")), ("http.status_code", AttributeValue.FromLong(500)))));
        Assert.False(probe.Matches(WithAttributes(("http.status_code", AttributeValue.FromLong(500)))));
    }

    [Fact]
    public void AttributeBooleansMatchTheirText()
    {
        var probe = Only("{ attributes: { feature.beta: true } }");

        Assert.True(probe.Matches(WithAttributes(("feature.beta", AttributeValue.FromBool(true)))));
        Assert.False(probe.Matches(WithAttributes(("feature.beta", AttributeValue.FromBool(false)))));
    }

    [Fact]
    public void AttributeExistsTestsPresenceOrAbsence()
    {
        var present = Only("{ attributes: { customer.vip: { exists: true } } }");
        var absent = Only("{ attributes: { customer.vip: { exists: false } } }");
        var vip = WithAttributes(("customer.vip", AttributeValue.FromString("gold")));
        var regular = WithAttributes(("customer.id", AttributeValue.FromString("c-1")));

        Assert.True(present.Matches(vip));
        Assert.False(present.Matches(regular));
        Assert.False(absent.Matches(vip));
        Assert.True(absent.Matches(regular));
    }

    [Fact]
    public void AttributeRegexMatchesAnywhereUnlessAnchored()
    {
        var probe = Only("{ attributes: { user.email: { regex: \"@(example|test)\\\\.com$\" } } }");

        Assert.True(probe.Matches(WithAttributes(("user.email", AttributeValue.FromString("ann@example.com")))));
        Assert.False(probe.Matches(WithAttributes(("user.email", AttributeValue.FromString("ann@example.com.evil.org")))));
        Assert.False(probe.Matches(WithAttributes(("user.name", AttributeValue.FromString("ann@example.com")))));
    }

    [Theory]
    [InlineData("{ gt: 500 }", 500, false)]
    [InlineData("{ gte: 500 }", 500, true)]
    [InlineData("{ lt: 300 }", 300, false)]
    [InlineData("{ lte: 300 }", 300, true)]
    [InlineData("{ gte: 500, lt: 600 }", 599, true)]
    [InlineData("{ gte: 500, lt: 600 }", 600, false)]
    [InlineData("{ gte: 500, lt: 600 }", 499, false)]
    public void AttributeComparisonsBoundNumbers(string test, long actual, bool expected)
    {
        var probe = Only($"{{ attributes: {{ http.status_code: {test} }} }}");

        Assert.Equal(expected, probe.Matches(WithAttributes(("http.status_code", AttributeValue.FromLong(actual)))));
        Assert.Equal(expected, probe.Matches(WithAttributes(("http.status_code", AttributeValue.FromString(actual.ToString(System.Globalization.CultureInfo.InvariantCulture))))));
        Assert.False(probe.Matches(WithAttributes(("http.status_code", AttributeValue.FromString("teapot")))));
    }

    [Fact]
    public void DottedAttributeKeysAlsoReachIntoMaps()
    {
        var probe = Only("{ attributes: { ctx.order.id: \"ord-*\" } }");
        var nested = WithAttributes(("ctx", AttributeValue.FromMap([new KeyValue("order", AttributeValue.FromMap([new KeyValue("id", AttributeValue.FromString("ord-7"))]))])));
        var half = WithAttributes(("ctx.order", AttributeValue.FromMap([new KeyValue("id", AttributeValue.FromString("ord-8"))])));
        var flat = WithAttributes(("ctx.order.id", AttributeValue.FromString("ord-9")));
        var other = WithAttributes(("ctx", AttributeValue.FromMap([new KeyValue("order", AttributeValue.FromString("ord-1"))])));

        Assert.True(probe.Matches(nested));
        Assert.True(probe.Matches(half));
        Assert.True(probe.Matches(flat));
        Assert.False(probe.Matches(other));
    }

    [Fact]
    public void NotNegatesTheBlockItWraps()
    {
        var probe = Only("{ level: \">=warn\", not: { service: \"internal-*\" } }");

        Assert.True(probe.Matches(Some.Envelope(level: EventLevel.Error, service: "checkout")));
        Assert.False(probe.Matches(Some.Envelope(level: EventLevel.Error, service: "internal-cron")));
        Assert.False(probe.Matches(Some.Envelope(level: EventLevel.Info, service: "checkout")));
    }

    [Fact]
    public void NotOfSeveralConditionsExcludesOnlyEventsMatchingAllOfThem()
    {
        var probe = Only("{ not: { environment: staging, level: debug } }");

        Assert.False(probe.Matches(Some.Envelope(environment: "staging", level: EventLevel.Debug)));
        Assert.True(probe.Matches(Some.Envelope(environment: "staging", level: EventLevel.Error)));
        Assert.True(probe.Matches(Some.Envelope(environment: "production", level: EventLevel.Debug)));
    }

    [Fact]
    public void AnEmptyOrMissingMatchTakesEveryEvent()
    {
        var probe = RouteProbe.For("""
            routes:
              - name: all
                exporters: [store/archive]
            """);

        Assert.Equal(["store/archive"], probe.Targets(Some.Envelope(level: EventLevel.Debug, name: "anything")));
    }

    private static EventEnvelope WithAttributes(params (string Key, AttributeValue Value)[] attributes) =>
        Some.Envelope(attributes: Array.ConvertAll(attributes, a => new KeyValue(a.Key, a.Value)));
}
