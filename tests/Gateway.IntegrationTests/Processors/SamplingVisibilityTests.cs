using System.Net;
using Gateway.Configuration;
using Gateway.Host.Hosting;
using Gateway.IntegrationTests.Operations;
using Gateway.Testing;
using Gateway.Testing.Pipeline;
using Microsoft.Extensions.Logging;

namespace Gateway.IntegrationTests.Processors;

/// <summary>
/// Sampling a newcomer can see: the start-up log says what it keeps and how to keep everything, a reload that changes
/// it says so again, and GATEWAY_SAMPLING=off keeps every event without editing gateway.yaml.
/// </summary>
public sealed class SamplingVisibilityTests : IDisposable
{
    private const int SamplingLogEventId = 1308;

    private const string SampledYaml = TestGateway.FileExporterYaml + """

        processors:
          sampling:
            rates: { debug: 0.01, info: 0.1 }
            keep_session_on_error: { window: 30s }
        """;

    private readonly string _directory = Directory.CreateTempSubdirectory("gateway-sampling-log-").FullName;

    [Fact]
    public async Task TheStartupLogSaysWhatSamplingKeepsAndAReloadThatChangesItSaysItAgain()
    {
        var path = Path.Combine(_directory, "gateway.yaml");
        await File.WriteAllTextAsync(path, Expand(SampledYaml));
        using var logs = new LogRecorder();
        var catalog = GatewayCatalog.Create();
        var loader = new GatewayConfigLoader(catalog, _ => null);
        await using var host = await GatewayHost.StartAsync(loader.LoadFile(path), catalog, logging => logging.AddProvider(logs), loader);

        var atStart = Assert.Single(logs.Entries, e => e.EventId == SamplingLogEventId).Message;
        Assert.Equal(
            "sampling keeps debug 1%, info 10%, warn and above 100% (a session is kept or dropped whole; a session's dropped events are kept when it reports an error within 30s); "
            + "a kept event stands for 1/rate events (sampleRate, ×N on the console); set GATEWAY_SAMPLING=off to keep every event",
            atStart);

        // The file watcher reloads on each write.
        var running = host.Runtime;
        await File.WriteAllTextAsync(path, Expand(SampledYaml.Replace("info: 0.1", "info: 1", StringComparison.Ordinal)));
        await Eventually.TrueAsync(() => !ReferenceEquals(running, host.Runtime), "the reload applied");
        Assert.Contains(logs.Entries, e => e.EventId == SamplingLogEventId && e.Message.StartsWith("sampling keeps debug 1%, info and above 100%", StringComparison.Ordinal));

        // A reload that leaves sampling as it was does not repeat it.
        running = host.Runtime;
        await File.WriteAllTextAsync(path, Expand(SampledYaml.Replace("info: 0.1", "info: 1", StringComparison.Ordinal).Replace("max_wait: 10ms", "max_wait: 20ms", StringComparison.Ordinal)));
        await Eventually.TrueAsync(() => !ReferenceEquals(running, host.Runtime), "the second reload applied");
        Assert.Equal(2, logs.Entries.Count(e => e.EventId == SamplingLogEventId));
    }

    [Fact]
    public async Task WithGatewaySamplingOffEveryEventIsKeptWithoutEditingTheFile()
    {
        await using var gateway = await TestGateway.StartAsync(SampledYaml, environment: new Dictionary<string, string> { ["GATEWAY_SAMPLING"] = "off" });
        using var http = new HttpClient();

        var records = Enumerable.Range(0, 40).Select(i => OtlpHttpPost.Record($"info {i}")).ToArray();
        Assert.Equal(HttpStatusCode.OK, await OtlpHttpPost.SendAsync(http, gateway, records));

        var envelopes = await gateway.WaitForEnvelopesAsync(40);
        Assert.Equal(40, envelopes.Count);
        Assert.All(envelopes, e => Assert.False(e.TryGetProperty("sampleRate", out _)));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Expand(string yaml) => TestGateway.LoopbackReceivers + yaml.Replace(TestGateway.DirectoryPlaceholder, _directory, StringComparison.Ordinal) + "\nservice:\n  telemetry: { endpoint: 127.0.0.1:0 }\n";
}
