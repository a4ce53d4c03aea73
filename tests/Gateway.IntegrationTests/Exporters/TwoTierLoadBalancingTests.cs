using System.Globalization;
using System.Net;
using System.Text.Json;
using Gateway.Exporters.Otlp.LoadBalancing;
using Gateway.Otlp.Proto.Logs.V1;
using Gateway.Processors.Sampling;
using Gateway.Testing;
using Xunit.Abstractions;
using static Gateway.Testing.Otlp.OtlpRequests;

namespace Gateway.IntegrationTests.Exporters;

/// <summary>
/// The two-tier deployment on loopback: three tier-2 gateway processes that sample with keep_session_on_error, one
/// tier-1 gateway whose loadbalancing exporter spreads 1,000 sessions over them. A session's events come in two
/// requests, so a replica can rescue an erroring session only if both reached it. A replica stopped mid-run loses
/// nothing: with a static list it stays on the ring, its share waits in its own queue at tier 1 (the other replicas
/// go on receiving) and is retried to it when it is back. A fourth replica takes about a quarter of the sessions.
/// </summary>
public sealed class TwoTierLoadBalancingTests(ITestOutputHelper output) : IDisposable
{
    private const int Sessions = 1000;
    private const int SessionsPerBlock = 25;
    private const int Blocks = Sessions / SessionsPerBlock;
    private const double DebugRate = 0.05;
    private static readonly HttpClient Client = new();
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "gateway-two-tier-" + Guid.NewGuid().ToString("N"));
    private readonly List<GatewayProcess> _processes = [];

    [Fact]
    public async Task SessionsStayWholeOnOneReplicaThroughARestartAndAFourthReplicaTakesAboutAQuarter()
    {
        var tier2 = await Task.WhenAll(Enumerable.Range(0, 3).Select(i => StartReplicaAsync(i, port: 0)));
        var endpoints = tier2.Select(p => $"127.0.0.1:{p.GrpcEndpoint.Port}").ToList();
        var ring = new HashRing(endpoints);
        int ReplicaOf(HashRing on, int session) => endpoints.IndexOf(on.Backends[on.OwnerOf(SessionId(session))]);
        await using var tier1 = await TestGateway.StartAsync(Tier1Yaml(endpoints), reloadable: true);

        // Request b opens the sessions of block b and closes those of block b-1. Half-way the open block is closed, the
        // first half is awaited at tier 2, replica 1 is stopped (SIGTERM: it drains and exits) and the second half sent.
        for (var block = 0; block < Blocks / 2; block++) await SendAsync(tier1, [.. Opening(block), .. block > 0 ? Closing(block - 1) : Enumerable.Empty<LogRecord>()]);
        await SendAsync(tier1, Closing(Blocks / 2 - 1));
        await WaitForAsync(replicas: [0, 1, 2], wave: 1, Enumerable.Range(0, Sessions / 2));
        await tier2[1].TerminateAsync();
        Assert.Equal(0, await tier2[1].WaitForExitAsync(TimeSpan.FromSeconds(30)));

        for (var block = Blocks / 2; block < Blocks; block++) await SendAsync(tier1, [.. Opening(block), .. block > Blocks / 2 ? Closing(block - 1) : Enumerable.Empty<LogRecord>()]);
        await SendAsync(tier1, Closing(Blocks - 1));
        var secondHalf = Enumerable.Range(Sessions / 2, Sessions / 2).ToList();
        await WaitForAsync(replicas: [0, 2], wave: 1, secondHalf.Where(s => ReplicaOf(ring, s) != 1)); // replica 1's queue at tier 1 holds up no one
        Assert.Contains(secondHalf, s => ReplicaOf(ring, s) == 1);

        // Replica 1 back where tier 1 expects it (a restarted pod of a StatefulSet, a host in the static list).
        tier2[1] = await StartReplicaAsync(1, tier2[1].GrpcEndpoint.Port);
        var landed = await WaitForAsync(replicas: [0, 1, 2], wave: 1, Enumerable.Range(0, Sessions));

        var bySession = landed.GroupBy(e => e.Session).ToDictionary(g => g.Key, g => g.ToList());
        Assert.Equal(Sessions, bySession.Count);
        foreach (var (session, events) in bySession)
        {
            Assert.All(events, e => Assert.Equal(ReplicaOf(ring, session), e.Replica));
            Assert.Equal(ExpectedMessages(session), events.Select(e => e.Message).Order(StringComparer.Ordinal));
            var rescued = IsErroring(session) && !KeepsDebug(session);
            Assert.All(events.Where(e => e.Message.StartsWith("step", StringComparison.Ordinal)), e => Assert.Equal(rescued, e.Rescued));
        }

        Assert.Equal(landed.Count, landed.Select(e => e.Id).Distinct().Count());
        Assert.All(Enumerable.Range(0, 3), r => Assert.InRange(bySession.Values.Count(v => v[0].Replica == r), Sessions / 5, Sessions / 2));
        AssertNothingDeadLettered(tier1);

        // A fourth replica joins the list: the same sessions again, one event each.
        tier2 = [.. tier2, await StartReplicaAsync(3, port: 0)];
        endpoints.Add($"127.0.0.1:{tier2[3].GrpcEndpoint.Port}");
        var four = new HashRing(endpoints);
        await tier1.RewriteConfigAsync(Tier1Yaml(endpoints));
        await Eventually.TrueAsync(() => tier1.Host.Runtime.Config.Exporters.Values.Single() is LoadBalancingExporterOptions { Resolver.Static.Hostnames.Count: 4 }, "tier 1 reloaded with four replicas");
        for (var block = 0; block < Blocks; block++) await SendAsync(tier1, SecondVisit(block));

        var second = (await WaitForAsync(replicas: [0, 1, 2, 3], wave: 2, Enumerable.Range(0, Sessions))).ToDictionary(e => e.Session, e => e.Replica);
        var moved = bySession.Keys.Where(s => second[s] != bySession[s][0].Replica).ToList();
        Assert.All(second, p => Assert.Equal(ReplicaOf(four, p.Key), p.Value));
        output.WriteLine($"wave 1: {landed.Count} events, sessions per replica {string.Join(" / ", Enumerable.Range(0, 3).Select(r => bySession.Values.Count(v => v[0].Replica == r)))}; a fourth replica: {moved.Count} of {Sessions} sessions moved, all to it");
        Assert.InRange(moved.Count / (double)Sessions, 0.15, 0.35);
        Assert.All(moved, s => Assert.Equal(3, second[s]));
        AssertNothingDeadLettered(tier1);
    }

    public void Dispose()
    {
        foreach (var process in _processes) process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static string SessionId(int session) => $"sess-{session}";

    private static bool IsErroring(int session) => session % 10 == 0;

    /// <summary>The replicas' sampling draw (seed 0) keeps this session's debug events by itself, on any replica.</summary>
    private static bool KeepsDebug(int session) => SamplingHash.Draw(SessionId(session), seed: 0) < DebugRate;

    private static string[] ExpectedMessages(int session) =>
        IsErroring(session) ? ["checkout", "payment failed", "step 1", "step 2"] : KeepsDebug(session) ? ["checkout", "step 1", "step 2"] : ["checkout"];

    /// <summary>The first request of a session: a debug step (held at tier 2 unless kept by the draw) and an info.</summary>
    private static IEnumerable<LogRecord> Opening(int block)
    {
        for (var i = block * SessionsPerBlock; i < (block + 1) * SessionsPerBlock; i++)
        {
            yield return Event(i, "step 1", SeverityNumber.Debug, wave: 1, order: 0);
            yield return Event(i, "checkout", SeverityNumber.Info, wave: 1, order: 1);
        }
    }

    /// <summary>The second request of a session: another debug step and, in every tenth session, the error that rescues both.</summary>
    private static IEnumerable<LogRecord> Closing(int block)
    {
        for (var i = block * SessionsPerBlock; i < (block + 1) * SessionsPerBlock; i++)
        {
            yield return Event(i, "step 2", SeverityNumber.Debug, wave: 1, order: 2);
            if (IsErroring(i)) yield return Event(i, "payment failed", SeverityNumber.Error, wave: 1, order: 3);
        }
    }

    private static IEnumerable<LogRecord> SecondVisit(int block)
    {
        for (var i = block * SessionsPerBlock; i < (block + 1) * SessionsPerBlock; i++) yield return Event(i, "second visit", SeverityNumber.Info, wave: 2, order: 0);
    }

    private static LogRecord Event(int session, string message, SeverityNumber severity, int wave, int order)
    {
        var record = Record(message, Attr("session.id", SessionId(session)), Attr("wave", wave));
        record.SeverityNumber = severity;
        record.SeverityText = "";
        record.TimeUnixNano += (ulong)(((session * 3L) + wave) * 10 + order) * 1_000_000;
        return record;
    }

    private static async Task SendAsync(TestGateway tier1, IEnumerable<LogRecord> records)
    {
        using var response = await Client.PostAsync(tier1.HttpLogsEndpoint, ProtobufContent(Logs(records)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private void AssertNothingDeadLettered(TestGateway tier1)
    {
        Assert.False(File.Exists(Path.Combine(tier1.Directory, "dead-letter.ndjson")), "nothing dead-lettered at tier 1");
        for (var r = 0; r < 4; r++) Assert.False(File.Exists(Path.Combine(ReplicaDirectory(r), "dead-letter.ndjson")), $"nothing dead-lettered at replica {r}");
    }

    private string ReplicaDirectory(int replica) => Path.Combine(_directory, $"tier2-{replica}");

    /// <param name="port">0 for a new replica; the port the OS gave it before for a restart in its place.</param>
    private async Task<GatewayProcess> StartReplicaAsync(int replica, int port)
    {
        var folder = ReplicaDirectory(replica);
        Directory.CreateDirectory(folder);
        var config = Path.Combine(folder, "gateway.yaml");
        await File.WriteAllTextAsync(config, $$"""
            receivers:
              otlp:
                protocols:
                  grpc:
                    endpoint: 127.0.0.1:{{port}}
            processors:
              sampling:
                seed: 0
                rates: { debug: {{DebugRate.ToString(CultureInfo.InvariantCulture)}}, info: 1, warn: 1, error: 1, fatal: 1 }
                keep_session_on_error: { window: 60s }
            exporters:
              file:
                path: ./events.ndjson
                batch: { max_wait: 10ms }
            service:
              telemetry: { endpoint: 127.0.0.1:0 }
              dead_letter: { path: ./dead-letter.ndjson }
            """);
        var process = await GatewayProcess.StartAsync(config, portsGivenBefore: port != 0);
        _processes.Add(process);
        return process;
    }

    private static string Tier1Yaml(IEnumerable<string> endpoints) => $$"""
        receivers:
          otlp:
            protocols:
              http:
                endpoint: 127.0.0.1:0
        exporters:
          loadbalancing:
            routing_key: session
            resolver:
              static:
                hostnames: [{{string.Join(", ", endpoints)}}]
            protocol:
              otlp:
                tls: { insecure: true }
                compression: zstd
                batch: { max_wait: 10ms }
                retry: { initial_interval: 100ms, max_interval: 500ms }
        service:
          dead_letter: { path: "{dir}/dead-letter.ndjson" }
        """;

    /// <summary>Waits (bounded) until the replicas' files hold every expected event of <paramref name="sessions"/> in <paramref name="wave"/>.</summary>
    private async Task<List<Landed>> WaitForAsync(int[] replicas, int wave, IEnumerable<int> sessions)
    {
        var wanted = sessions.ToHashSet();
        var expected = wanted.Sum(s => wave == 1 ? ExpectedMessages(s).Length : 1);
        var landed = new List<Landed>();
        await Eventually.TrueAsync(async () =>
        {
            landed = [];
            foreach (var r in replicas)
            {
                foreach (var envelope in await ReadAsync(Path.Combine(ReplicaDirectory(r), "events.ndjson")))
                {
                    var one = Landed.Of(envelope, r);
                    if (one.Wave == wave && wanted.Contains(one.Session)) landed.Add(one);
                }
            }

            return landed.Count >= expected;
        }, $"{expected} events of wave {wave} at replicas {string.Join(", ", replicas)}", TimeSpan.FromSeconds(60));
        Assert.Equal(expected, landed.Count);
        return landed;
    }

    private static async Task<List<JsonElement>> ReadAsync(string path)
    {
        if (!File.Exists(path)) return [];
        string content;
        await using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
        using (var reader = new StreamReader(stream))
        {
            content = await reader.ReadToEndAsync();
        }

        var complete = content.LastIndexOf('\n');
        return complete < 0 ? [] : [.. content[..complete].Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement.Clone())];
    }

    private sealed record Landed(string Id, int Session, string Message, long Wave, bool Rescued, int Replica)
    {
        public static Landed Of(JsonElement envelope, int replica)
        {
            var attributes = envelope.GetProperty("attributes");
            return new(
                envelope.GetProperty("id").GetString()!,
                int.Parse(envelope.GetProperty("sessionId").GetString()!["sess-".Length..], CultureInfo.InvariantCulture),
                envelope.GetProperty("message").GetString()!,
                attributes.GetProperty("wave").GetInt64(),
                attributes.TryGetProperty(SamplingProcessor.RescuedAttribute, out var rescued) && rescued.GetBoolean(),
                replica);
        }
    }
}
