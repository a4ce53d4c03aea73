using System.Diagnostics;
using Gateway.Configuration;
using Gateway.Host.Hosting;
using Gateway.Queues;
using Gateway.Testing;
using Gateway.Testing.Pipeline;
using Microsoft.Extensions.Logging;

namespace Gateway.IntegrationTests.Operations;

/// <summary>
/// SIGHUP reloads a configuration the file watcher cannot see change: gateway.yaml is a symlink (as a Kubernetes
/// ConfigMap mount is) whose target lives in another folder. Runs with the serial collection because the signal goes
/// to the whole test process.
/// </summary>
[Collection(OperationsCollection.Name)]
public sealed class SighupReloadTests
{
    [Fact]
    public async Task SighupReloadsAConfigurationTheWatcherCannotSeeChange()
    {
        // Signals and symlinks as a Linux host has them; the gateway's own code falls back to the watcher elsewhere.
        if (!OperatingSystem.IsLinux()) return;
        var root = Directory.CreateTempSubdirectory("gateway-sighup-");
        try
        {
            var data = Directory.CreateDirectory(Path.Combine(root.FullName, "data")).FullName;
            var target = Path.Combine(data, "gateway.yaml");
            var link = Path.Combine(root.FullName, "gateway.yaml");
            await File.WriteAllTextAsync(target, Config("store/sighup-before"));
            File.CreateSymbolicLink(link, target);
            var store = new ControllableExporterFactory("store", QueueFullPolicy.Block);
            var catalog = GatewayCatalog.Create().Add(store);
            var loader = new GatewayConfigLoader(catalog, _ => null);
            await using var host = await GatewayHost.StartAsync(loader.LoadFile(link), catalog, logging => logging.SetMinimumLevel(LogLevel.Warning), loader);

            await File.WriteAllTextAsync(target, Config("store/sighup-after"));
            using (var kill = Process.Start("kill", $"-HUP {Environment.ProcessId}"))
            {
                await kill.WaitForExitAsync();
                Assert.Equal(0, kill.ExitCode);
            }

            await Eventually.TrueAsync(() => host.Runtime.Lanes.Any(l => l.Name == "store/sighup-after"), "SIGHUP applied the new exporter");
            Assert.DoesNotContain(host.Runtime.Lanes, l => l.Name == "store/sighup-before");
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    private static string Config(string exporter) => $$"""
        receivers:
          otlp:
            protocols:
              http:
                endpoint: 127.0.0.1:0
        service:
          telemetry: { enabled: false }
        exporters:
          {{exporter}}: { batch: { max_wait: 5ms } }
        routes:
          - name: everything
            exporters: [{{exporter}}]
        """;
}
