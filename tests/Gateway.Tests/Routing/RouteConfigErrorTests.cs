using Gateway.Configuration;

namespace Gateway.Tests.Routing;

/// <summary>Mistakes in routes: refused at load, each with its line and what to write instead, all at once.</summary>
public sealed class RouteConfigErrorTests
{
    private static ConfigException Refused(string routes) => Assert.Throws<ConfigException>(() => RouteProbe.Load(routes));

    [Fact]
    public void AnUndefinedExporterIsReportedAtItsLineWithTheDefinedOnes()
    {
        var error = Assert.Single(Refused("""
            routes:
              - name: errors
                exporters: [chat/oncall, slack/oncall]
            """).Errors);

        Assert.Equal(8, error.Line);
        Assert.Contains("exporter 'slack/oncall' is not defined", error.Message, StringComparison.Ordinal);
        Assert.Contains("chat/oncall, chat/team, store/archive, store/search", error.Message, StringComparison.Ordinal);
        Assert.Equal("test.yaml", error.File);
    }

    [Fact]
    public void AnUnknownConditionListsTheValidOnesAndSuggestsTheNearest()
    {
        var error = Assert.Single(Refused("""
            routes:
              - name: errors
                match: { levle: error }
                exporters: [chat/oncall]
            """).Errors);

        Assert.Equal(8, error.Line);
        Assert.Contains("unknown condition 'levle' (did you mean 'level'?)", error.Message, StringComparison.Ordinal);
        Assert.Contains("level, name, service, environment, attributes, actor.type", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryMistakeIsReportedInOneGo()
    {
        var errors = Refused("""
            routes:
              - name: a
                match:
                  level: ">=critical"
                  attributes:
                    user.email: { regex: "([a-z" }
                    http.status_code: { greater: 500 }
                exporters: [store/serach]
              - name: a
                exporters: [store/search]
              - name: default
                match: { level: info }
                exporters: [store/archive]
              - name: nowhere
            """).Errors;

        Assert.Collection(
            errors.OrderBy(e => e.Line),
            e => Assert.Contains("'>=critical' is not a level", e.Message, StringComparison.Ordinal),
            e => Assert.Contains("not a valid regular expression", e.Message, StringComparison.Ordinal),
            e => Assert.Contains("unknown attribute test 'greater'", e.Message, StringComparison.Ordinal),
            e => Assert.Contains("'store/serach' is not defined (did you mean 'store/search'?)", e.Message, StringComparison.Ordinal),
            e => Assert.Contains("another route is already named 'a'", e.Message, StringComparison.Ordinal),
            e => Assert.Contains("the default route takes the events no other route matched", e.Message, StringComparison.Ordinal),
            e => Assert.Contains("the route sends nowhere", e.Message, StringComparison.Ordinal));
        Assert.Equal([9, 11, 12, 13, 14, 17, 19], errors.Select(e => e.Line).Order());
    }

    [Fact]
    public void DropWithExportersOrContinueIsContradictory()
    {
        var errors = Refused("""
            routes:
              - name: quiet
                match: { level: debug }
                drop: true
                continue: true
                exporters: [store/archive]
            """).Errors;

        Assert.Contains(errors, e => e.Message.Contains("drop: true sends nowhere", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Message.Contains("continue: true has no effect", StringComparison.Ordinal));
    }

    [Fact]
    public void ALookaroundRegexIsRefusedWithTheEngineLimit()
    {
        var error = Assert.Single(Refused("""
            routes:
              - name: r
                match: { attributes: { path: { regex: "^(?!/health)" } } }
                exporters: [store/archive]
            """).Errors);

        Assert.Contains("no backreferences or lookarounds", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnEntityMatchedByItselfSaysToNameItsFields()
    {
        var error = Assert.Single(Refused("""
            routes:
              - name: r
                match: { actor: user }
                exporters: [store/archive]
            """).Errors);

        Assert.Contains("write actor.type: ... and/or actor.id: ...", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ServiceBlockSetsShutdownTimeoutAndDeadLetterPath()
    {
        var config = RouteProbe.Load("""
            service:
              shutdown_timeout: 45s
              dead_letter: { path: /var/lib/gateway/dead.ndjson }
            """);

        Assert.Equal(TimeSpan.FromSeconds(45), config.Service.ShutdownTimeout);
        Assert.Equal("/var/lib/gateway/dead.ndjson", config.Service.DeadLetter.Path);
    }

    [Fact]
    public void APersistentQueueReadsItsDurabilityKeys()
    {
        var config = new GatewayConfigLoader(Gateway.Testing.Pipeline.PipelineHarness.Catalog(out _, out _), _ => null).Load("""
            exporters:
              store/search:
                queue: { type: persistent, dir: /var/lib/gateway/queue, fsync: interval, fsync_interval: 200ms, segment_size: 4MiB }
            """, "test.yaml");

        var queue = config.Exporters.Single().Value.Queue;
        Assert.Equal(Gateway.Queues.QueueType.Persistent, queue.Type);
        Assert.Equal(Gateway.Queues.Persistent.FsyncPolicy.Interval, queue.Fsync);
        Assert.Equal(TimeSpan.FromMilliseconds(200), queue.FsyncInterval);
        Assert.Equal(4L * 1024 * 1024, queue.SegmentSize.Bytes);
    }

    [Fact]
    public void APersistentQueueThatWouldDropAcknowledgedEventsOrHasBadDurabilityKeysIsRefusedAtItsLines()
    {
        var errors = Assert.Throws<ConfigException>(() => new GatewayConfigLoader(Gateway.Testing.Pipeline.PipelineHarness.Catalog(out _, out _), _ => null).Load("""
            exporters:
              store/search:
                queue:
                  type: persistent
                  policy: drop_oldest
                  fsync: interval
                  fsync_interval: 0s
                  segment_size: 1KiB
            """, "test.yaml")).Errors;

        Assert.Contains(errors, e => e.Line == 5 && e.Message.Contains("use block (the default) or drop_newest", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Line == 7 && e.Message.Contains("must be positive with fsync: interval", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Line == 8 && e.Message.Contains("between 64KiB and 1GiB", StringComparison.Ordinal));
    }
}
