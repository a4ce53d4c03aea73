using Gateway.Envelope;
using Gateway.Testing;

namespace Gateway.Tests.Routing;

/// <summary>How the ordered routes combine: first match wins, continue, drop, default, unrouted, one delivery per exporter.</summary>
public sealed class RouteOrderingTests
{
    private static readonly RouteProbe Shipped = RouteProbe.For("""
        routes:
          - name: page-oncall
            match: { level: ">=error", service: [checkout, "payments-*"] }
            exporters: [chat/oncall, store/search]
            continue: true
          - name: noisy-healthchecks
            match: { name: "healthcheck.*" }
            drop: true
          - name: everything
            exporters: [store/search, store/archive]
        """);

    [Fact]
    public void TheFirstMatchingRouteWins()
    {
        var probe = RouteProbe.For("""
            routes:
              - name: errors
                match: { level: error }
                exporters: [chat/oncall]
              - name: checkout
                match: { service: checkout }
                exporters: [chat/team]
            """);

        Assert.Equal(["chat/oncall"], probe.Targets(Some.Envelope(level: EventLevel.Error, service: "checkout")));
        Assert.Equal(["chat/team"], probe.Targets(Some.Envelope(level: EventLevel.Info, service: "checkout")));
    }

    [Fact]
    public void ContinueLetsAnEventGoOnToLaterRoutes()
    {
        Assert.Equal(["chat/oncall", "store/archive", "store/search"], Shipped.Targets(Some.Envelope(level: EventLevel.Error, service: "payments-eu")));
        Assert.Equal(["store/archive", "store/search"], Shipped.Targets(Some.Envelope(level: EventLevel.Info, service: "payments-eu")));
    }

    [Fact]
    public void AnExporterNamedByTwoMatchingRoutesGetsTheEventOnce()
    {
        Shipped.Route(Some.Envelope(level: EventLevel.Error, service: "checkout"), out var hits);
        var targets = Shipped.Targets(Some.Envelope(level: EventLevel.Error, service: "checkout"));

        Assert.Single(targets, t => t == "store/search");
        Assert.Equal([1, 0, 1], hits);
    }

    [Fact]
    public void ADropRouteDiscardsWhatItMatchesAndEndsRouting()
    {
        Assert.Empty(Shipped.Targets(Some.Envelope(name: "healthcheck.ready", level: EventLevel.Info)));

        // An error healthcheck from checkout still pages: page-oncall matched first and continued into the drop.
        Assert.Equal(["chat/oncall", "store/search"], Shipped.Targets(Some.Envelope(name: "healthcheck.ready", level: EventLevel.Error, service: "checkout")));
    }

    [Fact]
    public void UnmatchedEventsGoToTheDefaultRouteWhereverItIsWritten()
    {
        var probe = RouteProbe.For("""
            routes:
              - name: default
                exporters: [store/archive]
              - name: errors
                match: { level: ">=error" }
                exporters: [chat/oncall]
            """);

        Assert.Equal(["chat/oncall"], probe.Targets(Some.Envelope(level: EventLevel.Error)));
        Assert.Equal(["store/archive"], probe.Targets(Some.Envelope(level: EventLevel.Info)));
        Assert.Equal(["errors", "default"], probe.RouteNames);
    }

    [Fact]
    public void AnEventOnlyDroppedIsNotSentToTheDefaultRoute()
    {
        var probe = RouteProbe.For("""
            routes:
              - name: quiet
                match: { level: debug }
                drop: true
              - name: default
                exporters: [store/archive]
            """);

        Assert.Empty(probe.Targets(Some.Envelope(level: EventLevel.Debug)));
        Assert.Equal(["store/archive"], probe.Targets(Some.Envelope(level: EventLevel.Info)));
    }

    [Fact]
    public void WithoutADefaultRouteAnUnmatchedEventIsUnrouted()
    {
        var probe = RouteProbe.For("""
            routes:
              - name: errors
                match: { level: ">=error" }
                exporters: [chat/oncall]
            """);

        Assert.Null(probe.Route(Some.Envelope(level: EventLevel.Info), out var hits));
        Assert.Equal([0], hits);
    }
}
