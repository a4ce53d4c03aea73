using Gateway.Testing;
using Gateway.Testing.Diagnostics;
using System.Diagnostics;
using System.Globalization;

namespace Gateway.Benchmarks.Load;

/// <summary>
/// <c>dotnet run -c Release --project tests/Gateway.Benchmarks -- load [--rate 10000|0] [--duration 60s] [--protocol grpc|http]</c>:
/// starts a bulk sink and the gateway (child process, default processors, routed to the Elasticsearch exporter),
/// drives it, and prints delivered records/s, the gateway's CPU time per record, peak RSS and latency percentiles.
/// </summary>
public static class LoadHarness
{
    private const string AllocatedBytes = "otelcol_process_runtime_total_alloc_bytes_total";

    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        LoadOptions options;
        try
        {
            options = LoadOptions.Parse(args);
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            await output.WriteLineAsync($"load: {e.Message}\nusage: load [--rate N (0 = flat out)] [--duration 60s] [--warmup 5s] [--protocol grpc|http] [--batch 100] [--connections 4] [--processors shipped|defaults|none] [--queue memory|persistent] [--fsync always|interval|never] [--build native|jit] [--executable path]").ConfigureAwait(false);
            return 2;
        }

        string? native = null;
        if (options.Executable is { } prebuilt)
        {
            native = Path.GetFullPath(prebuilt);
            await output.WriteLineAsync($"native gateway: {native} ({new FileInfo(native).Length:N0} bytes, published before)").ConfigureAwait(false);
        }
        else if (options.Build == "native")
        {
            await output.WriteLineAsync("publishing the native gateway (dotnet publish -c Release -p:PublishAot=true)...").ConfigureAwait(false);
            native = await NativeGatewayBuild.PublishAsync(Path.Combine(AppContext.BaseDirectory, "native-gateway"), TimeSpan.FromMinutes(10)).ConfigureAwait(false);
        }

        var latency = new LatencyRecorder();
        await using var sink = await BulkSink.StartAsync(latency).ConfigureAwait(false);
        var directory = Directory.CreateTempSubdirectory("gateway-load-").FullName;
        var configPath = Path.Combine(directory, "gateway.yaml");
        await File.WriteAllTextAsync(configPath, GatewayYaml(options, sink.Address, Path.Combine(directory, "queue"))).ConfigureAwait(false);
        // The gateway runs with its shipped runtimeconfig (GC settings included); DOTNET_* variables set for this command reach it too.
        using var gateway = await GatewayProcess.StartAsync(configPath, nativeExecutable: native).ConfigureAwait(false);

        var senders = new LoadSender[options.Connections];
        for (var i = 0; i < senders.Length; i++) senders[i] = new LoadSender(options, gateway.GrpcEndpoint, gateway.LogsEndpoint, seed: i + 1);
        var batchesPerSecond = options.Rate == 0 ? 0 : options.Rate / (double)options.Batch / options.Connections;
        using var stop = new CancellationTokenSource();
        var running = Array.ConvertAll(senders, s => Task.Run(() => s.RunAsync(batchesPerSecond, stop.Token)));

        await Task.Delay(options.Warmup).ConfigureAwait(false);
        latency.Enabled = true;
        var cpuStart = gateway.CpuSeconds();
        var deliveredStart = sink.Documents;
        var sentStart = Sum(senders, s => s.SentRecords);
        var rssStart = gateway.MemoryMiB().Rss;
        using var telemetry = new HttpClient();
        var telemetryEndpoint = gateway.TelemetryEndpoint;
        var allocatedStart = (await PrometheusScrape.ScrapeAsync(telemetry, telemetryEndpoint).ConfigureAwait(false)).Value(AllocatedBytes);
        var clock = Stopwatch.StartNew();
        await Task.Delay(options.Duration).ConfigureAwait(false);
        var elapsed = clock.Elapsed.TotalSeconds;
        var cpu = gateway.CpuSeconds() - cpuStart;
        var delivered = sink.Documents - deliveredStart;
        var sent = Sum(senders, s => s.SentRecords) - sentStart;
        var (rssEnd, peak) = gateway.MemoryMiB();
        var scrape = await PrometheusScrape.ScrapeAsync(telemetry, telemetryEndpoint).ConfigureAwait(false);
        var allocated = scrape.Value(AllocatedBytes) - allocatedStart;
        var heap = scrape.Value("otelcol_process_runtime_heap_alloc_bytes");
        latency.Enabled = false;
        await stop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(running).ConfigureAwait(false);
        foreach (var sender in senders) sender.Dispose();

        var (p50, p99, max, samples) = latency.Percentiles();
        var report = string.Create(CultureInfo.InvariantCulture, $"""
            machine: {Machine()}
            gateway build:           {(native is null ? "JIT (gateway.dll on the .NET runtime)" : "native AOT (the shipped build)")}
            load: {(options.Rate == 0 ? "flat out" : $"{options.Rate:N0} records/s offered")}, OTLP/{options.Protocol}, {options.Connections} connections x {options.Batch} records/request, processors {options.Processors}, queue {options.Queue}{(options.Queue == "persistent" ? $" (fsync {options.Fsync})" : string.Empty)}, {elapsed:F1}s measured after {options.Warmup.TotalSeconds:F0}s warm-up
            accepted by the gateway: {sent / elapsed:N0} records/s ({Sum(senders, s => s.RefusedRecords):N0} refused with 429/RESOURCE_EXHAUSTED, {Sum(senders, s => s.FailedRequests):N0} failed requests)
            delivered to _bulk:      {delivered / elapsed:N0} records/s ({(sent == 0 ? 0 : delivered * 100.0 / sent):F1}% of accepted; the rest were sampled out or still queued)
            gateway CPU:             {cpu / elapsed * 100:F1}% of one core; {(sent == 0 ? 0 : cpu * 1e6 / sent):F2} us per accepted record, {(delivered == 0 ? 0 : cpu * 1e6 / delivered):F2} us per delivered record
            gateway memory:          RSS {rssStart:F0} MiB -> {rssEnd:F0} MiB over the run, peak {peak:F0} MiB; managed heap {heap / 1048576:F0} MiB after the last GC
            gateway allocation:      {(sent == 0 ? 0 : allocated / sent):N0} bytes per accepted record
            latency send->_bulk:     p50 {p50 / 1000.0:F1} ms, p99 {p99 / 1000.0:F1} ms, max {max / 1000.0:F1} ms ({samples:N0} samples)
            """);
        await output.WriteLineAsync(report).ConfigureAwait(false);
        Directory.Delete(directory, recursive: true);
        return 0;
    }

    private static long Sum(LoadSender[] senders, Func<LoadSender, long> value)
    {
        long total = 0;
        foreach (var sender in senders) total += value(sender);
        return total;
    }

    private static string GatewayYaml(LoadOptions options, Uri sink, string queueDir) => $"""
        receivers:
          otlp:
            protocols:
              grpc: {"{"} endpoint: 127.0.0.1:0 {"}"}
              http: {"{"} endpoint: 127.0.0.1:0 {"}"}
        {ProcessorsBlock(options.Processors)}
        service:
          telemetry: {"{"} endpoint: 127.0.0.1:0 {"}"}
        exporters:
          elasticsearch:
            endpoints: [{sink.ToString().TrimEnd('/')}]
        {(options.Queue == "persistent" ? $"    queue: {"{"} type: persistent, dir: \"{queueDir}\", fsync: {options.Fsync} {"}"}\n" : string.Empty)}
        routes:
          - name: everything
            exporters: [elasticsearch]
        """;

    /// <summary>"shipped" copies the repository gateway.yaml's top-level processors block as written.</summary>
    private static string ProcessorsBlock(string processors)
    {
        if (processors == "none") return string.Empty;
        if (processors == "defaults") return "processors:\n  sampling: {}\n  redaction: {}\n";
        var block = new System.Text.StringBuilder();
        var inside = false;
        foreach (var line in File.ReadLines(RepositoryFiles.PathOf("gateway.yaml")))
        {
            var topLevel = line.Length > 0 && !char.IsWhiteSpace(line[0]) && line[0] != '#';
            if (topLevel) inside = line.StartsWith("processors:", StringComparison.Ordinal);
            if (inside) block.Append(line).Append('\n');
        }

        return block.Length > 0 ? block.ToString() : throw new InvalidOperationException("the shipped gateway.yaml has no processors block");
    }

    private static string Machine()
    {
        var model = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";
        return $"{model}, {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}";
    }
}
