using System.Net;
using Gateway.Configuration;
using Gateway.Exporters;
using Gateway.Exporters.Otlp.LoadBalancing;
using Gateway.Pipeline;
using Gateway.Testing;
using Gateway.Testing.Otlp;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Tests.Exporters.LoadBalancing;

public sealed class LoadBalancingExporterTests
{
    [Fact]
    public async Task EveryAddressOfTheNameIsABackendAndTheNameIsLookedUpAgainEachInterval()
    {
        // The fifth answer waits for the test, so the state the fourth left can be checked before it changes.
        var fifth = new TaskCompletionSource<IPAddress[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        var answers = new Queue<Func<Task<IPAddress[]>>>([
            () => Task.FromResult<IPAddress[]>([IPAddress.Parse("10.0.0.2"), IPAddress.Parse("10.0.0.1")]),
            () => Task.FromResult<IPAddress[]>([IPAddress.Parse("10.0.0.1"), IPAddress.Parse("10.0.0.2"), IPAddress.Parse("fd00::3")]),
            () => throw new System.Net.Sockets.SocketException(11001),
            () => Task.FromResult<IPAddress[]>([]),
            () => fifth.Task,
        ]);
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var lookups = 0;
        await using var exporter = Create(time, (name, _) =>
        {
            Assert.Equal("tier2.example", name);
            Interlocked.Increment(ref lookups);
            return answers.Dequeue()();
        });

        // A lookup is counted when it starts and applied after it returns: wait for what it applies.
        await exporter.StartAsync(CancellationToken.None);
        await BackendsBecome(exporter, ["10.0.0.1:4317", "10.0.0.2:4317"]);

        await Advance(time, () => lookups, 2);
        await BackendsBecome(exporter, ["10.0.0.1:4317", "10.0.0.2:4317", "[fd00::3]:4317"]);

        // Lookups run one after another: once the next one has started, the one before is done.
        await Advance(time, () => lookups, 3);
        await Advance(time, () => lookups, 4);
        Assert.Equal(3, exporter.Backends.Count); // a failed lookup keeps the backends there are
        await Advance(time, () => lookups, 5);
        Assert.Equal(3, exporter.Backends.Count); // so does an empty answer

        fifth.SetResult([IPAddress.Parse("10.0.0.2")]);
        await BackendsBecome(exporter, ["10.0.0.2:4317"]);
    }

    private static Task BackendsBecome(LoadBalancingExporter exporter, string[] expected) =>
        Eventually.TrueAsync(() => Task.FromResult(exporter.Backends.SequenceEqual(expected)), $"the backends {string.Join(", ", expected)}");

    [Fact]
    public async Task WhatABackendThatLeftTheDnsAnswerStillHeldIsRehashedOntoTheBackendsThatRemain()
    {
        // 127.0.0.1 is the double; nothing listens on 127.0.0.2, so that backend's share waits in its queue, retrying.
        await using var remaining = await OtlpDouble.StartAsync();
        var port = remaining.GrpcEndpoint.Port;
        IPAddress[] answer = [IPAddress.Parse("127.0.0.1"), IPAddress.Parse("127.0.0.2")];
        await using var exporter = Create(TimeProvider.System, (_, _) => Task.FromResult(Volatile.Read(ref answer)),
            $"dns: {{ hostname: tier2.example, port: {port}, interval: 100ms }}", "retry: { initial_interval: 50ms, max_interval: 200ms }, timeout: 1s");
        await exporter.StartAsync(CancellationToken.None);
        await Eventually.TrueAsync(() => exporter.Backends.Count == 2, "both backends on the ring");

        var events = Enumerable.Range(0, 200).Select(i => Some.Envelope(sessionId: $"sess-{i}")).ToArray();
        var departing = events.Count(e => exporter.BackendOf(e) == $"127.0.0.2:{port}");
        Assert.InRange(departing, 40, 160);
        Assert.Equal(ExportOutcome.Success, (await exporter.ExportAsync(new EventBatch(events), CancellationToken.None)).Outcome);
        await Eventually.TrueAsync(() => remaining.Received.Sum(r => r.RecordCount) == events.Length - departing, "the remaining backend's own share");

        Volatile.Write(ref answer, [IPAddress.Parse("127.0.0.1")]);
        await Eventually.TrueAsync(() => remaining.Received.Sum(r => r.RecordCount) == events.Length, "the departed backend's share, re-hashed", TimeSpan.FromSeconds(20));
        Assert.Equal([$"127.0.0.1:{port}"], exporter.Backends);
    }

    [Fact]
    public async Task ASessionGoesToOneBackendAndWithoutASessionItsTraceOrService()
    {
        await using var exporter = Create(new FakeTimeProvider(), lookup: null, "static: { hostnames: [a:4317, b:4317, c:4317] }");

        var session = Some.Envelope(sessionId: "sess-42", traceId: "4bf92f3577b34da6a3ce929d0e0e4736");
        var sameSessionOtherTrace = Some.Envelope(sessionId: "sess-42", traceId: "00000000000000000000000000000001");
        var traceOnly = Some.Envelope(sessionId: null, traceId: "4bf92f3577b34da6a3ce929d0e0e4736");

        Assert.Equal(exporter.BackendOf(session), exporter.BackendOf(sameSessionOtherTrace));
        Assert.NotNull(exporter.BackendOf(traceOnly));
        Assert.Equal(3, Enumerable.Range(0, 200).Select(i => exporter.BackendOf(Some.Envelope(sessionId: $"s-{i}"))).Distinct().Count());
    }

    [Theory]
    [InlineData("{}", "needs exactly one of static")]
    [InlineData("{ static: { hostnames: [a:4317] }, dns: { hostname: tier2 } }", "needs exactly one of static")]
    [InlineData("{ static: { hostnames: [nohostport] } }", "'nohostport' is not host:port")]
    [InlineData("{ dns: { hostname: tier2, interval: 1ms } }", "dns.interval must be at least 100ms")]
    public void ResolverMistakesAreNamed(string resolver, string expected)
    {
        var yaml = $"exporters:\n  loadbalancing:\n    resolver: {resolver}\n";
        var error = Assert.Throws<ConfigException>(() => new GatewayConfigLoader(new ComponentCatalog().Add(new LoadBalancingExporterFactory()), _ => null).Load(yaml, "gateway.yaml"));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void APersistentQueuePerBackendOrAnEndpointIsRefusedWithWhatToWriteInstead()
    {
        var yaml = "exporters:\n  loadbalancing:\n    resolver: { static: { hostnames: [a:4317] } }\n    protocol: { otlp: { endpoint: x:4317, queue: { type: persistent } } }\n";
        var error = Assert.Throws<ConfigException>(() => new GatewayConfigLoader(new ComponentCatalog().Add(new LoadBalancingExporterFactory()), _ => null).Load(yaml, "gateway.yaml"));
        Assert.Contains("otlp.endpoint is given by the resolver", error.Message, StringComparison.Ordinal);
        Assert.Contains("put the persistent queue on the loadbalancing exporter itself", error.Message, StringComparison.Ordinal);
    }

    private static async Task Advance(FakeTimeProvider time, Func<int> lookups, int expected)
    {
        time.Advance(TimeSpan.FromSeconds(5));
        await Eventually.TrueAsync(() => Task.FromResult(lookups() >= expected), $"lookup {expected}");
    }

    private static LoadBalancingExporter Create(TimeProvider time, DnsBackendLookup? lookup, string resolver = "dns: { hostname: tier2.example }", string protocol = "")
    {
        var yaml = $"exporters:\n  loadbalancing:\n    resolver: {{ {resolver} }}\n    protocol: {{ otlp: {{ tls: {{ insecure: true }}{(protocol.Length == 0 ? "" : ", " + protocol)} }} }}\n";
        var config = new GatewayConfigLoader(new ComponentCatalog().Add(new LoadBalancingExporterFactory()), _ => null).Load(yaml, "gateway.yaml");
        var (id, options) = config.Exporters.Single();
        var context = new ExporterContext
        {
            Id = id, Options = options, LoggerFactory = NullLoggerFactory.Instance, Time = time, Services = null!, Config = config,
            DeadLetters = new DeadLetterFile(new DeadLetterOptions { Enabled = false }, time, NullLogger.Instance),
        };
        return new LoadBalancingExporter(context, (LoadBalancingExporterOptions)options, lookup);
    }
}
