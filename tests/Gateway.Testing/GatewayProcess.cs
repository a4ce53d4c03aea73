using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Globalization;
using System.Text.RegularExpressions;
using Gateway.Configuration;
using Gateway.Host.Hosting;

namespace Gateway.Testing;

/// <summary>
/// The real gateway as a child process (<c>dotnet gateway.dll run --config FILE</c>, from this test's output
/// directory), so a test can kill it the way the OOM killer or <c>kill -9</c> does (no shutdown code runs), and the
/// load harness can read its CPU time and memory from /proc.
/// </summary>
public sealed class GatewayProcess : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private const double ClockTicksPerSecond = 100; // sysconf(_SC_CLK_TCK) on Linux

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile string? _listeningLine;

    private GatewayProcess(Process process) => _process = process;

    /// <summary>The OTLP/HTTP logs URL, from the address the start-up line says OTLP/HTTP is bound to.</summary>
    public Uri LogsEndpoint => new(Listening("OTLP/HTTP") ?? throw new InvalidOperationException($"OTLP/HTTP is off:\n{Output}"), "v1/logs");

    /// <summary>Where OTLP/gRPC listens, from the start-up line.</summary>
    public Uri GrpcEndpoint => Listening("OTLP/gRPC") ?? throw new InvalidOperationException($"OTLP/gRPC is off:\n{Output}");

    /// <summary>Where /metrics, /healthz and /readyz are served, from the start-up line.</summary>
    public Uri TelemetryEndpoint => Listening("metrics and health") ?? throw new InvalidOperationException($"service.telemetry is off:\n{Output}");

    /// <summary>What the gateway wrote (stdout and stderr), for the failure message of a test.</summary>
    public string Output => string.Join('\n', _output);

    /// <summary>
    /// Starts the gateway with <paramref name="configPath"/> and waits (bounded) until it says it is listening. Every
    /// listener of the config must be on port 0 (the OS picks; the start-up line tells which), so a test never collides
    /// with a gateway running on the default ports or with a parallel test.
    /// </summary>
    /// <param name="environment">Extra environment variables for the child, e.g. runtime settings a benchmark pins.</param>
    /// <param name="nativeExecutable">A published native (AOT) gateway to run instead of this output's gateway.dll.</param>
    /// <param name="portsGivenBefore">
    /// The config names ports the OS gave an earlier run of this test (a replica restarted where its peers expect it),
    /// so they are not refused as fixed ports.
    /// </param>
    public static async Task<GatewayProcess> StartAsync(string configPath, IReadOnlyDictionary<string, string>? environment = null, string? nativeExecutable = null, bool portsGivenBefore = false)
    {
        if (!portsGivenBefore) TestPorts.RequireOsChosen(new GatewayConfigLoader(GatewayCatalog.Create(), name => environment?.GetValueOrDefault(name) ?? Environment.GetEnvironmentVariable(name)).LoadFile(configPath));
        var start = new ProcessStartInfo(nativeExecutable ?? ChildProcess.Dotnet)
        {
            WorkingDirectory = Path.GetDirectoryName(configPath)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (nativeExecutable is null) start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "gateway.dll"));
        start.ArgumentList.Add("run");
        start.ArgumentList.Add("--config");
        start.ArgumentList.Add(configPath);
        if (environment is not null)
        {
            foreach (var (name, value) in environment) start.Environment[name] = value;
        }

        var process = new Process { StartInfo = start };
        var gateway = new GatewayProcess(process);
        process.OutputDataReceived += (_, e) => gateway.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => gateway.OnLine(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var exited = process.WaitForExitAsync();
        var first = await Task.WhenAny(gateway._listening.Task, exited, Task.Delay(StartTimeout)).ConfigureAwait(false);
        if (first != gateway._listening.Task)
        {
            var outcome = first == exited ? $"exited with code {process.ExitCode}" : $"did not start listening within {StartTimeout.TotalSeconds}s";
            gateway.Dispose();
            throw new InvalidOperationException($"the gateway {outcome}:\n{gateway.Output}");
        }

        return gateway;
    }

    /// <summary>CPU seconds (user + system) the gateway has used so far, from /proc/PID/stat.</summary>
    public double CpuSeconds()
    {
        var stat = File.ReadAllText($"/proc/{_process.Id}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // After "pid (comm) ", field 0 is the state; utime and stime (fields 14 and 15 of stat) are 11 and 12 here.
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / ClockTicksPerSecond;
    }

    /// <summary>(current RSS, peak RSS) in MiB, from VmRSS and VmHWM of /proc/PID/status.</summary>
    public (double Rss, double Peak) MemoryMiB()
    {
        double rss = 0, peak = 0;
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal)) rss = Kilobytes(line) / 1024.0;
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal)) peak = Kilobytes(line) / 1024.0;
        }

        return (rss, peak);
    }

    /// <summary>SIGTERM, as <c>docker stop</c> and Kubernetes send it: the gateway drains its queues and exits by itself.</summary>
    public async Task TerminateAsync()
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", _process.Id.ToString(CultureInfo.InvariantCulture) }, UseShellExecute = false })!;
        await kill.WaitForExitAsync().ConfigureAwait(false);
    }

    public bool HasExited => _process.HasExited;

    /// <summary>Waits (bounded) for the process to end by itself and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        await _process.WaitForExitAsync().WaitAsync(timeout).ConfigureAwait(false);
        return _process.ExitCode;
    }

    /// <summary>SIGKILL: the process ends at once, in the middle of whatever it was doing.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync().ConfigureAwait(false);
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Never started or already gone.
        }

        _process.Dispose();
    }

    private static long Kilobytes(string line) => long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);

    private void OnLine(string? line)
    {
        if (line is null) return;
        _output.Enqueue(line);
        if (!line.StartsWith("gateway listening", StringComparison.Ordinal)) return;
        _listeningLine = line;
        _listening.TrySetResult();
    }

    /// <summary>The address the start-up line gives for <paramref name="label"/> ("OTLP/HTTP 127.0.0.1:40123"), as a URL to reach it.</summary>
    private Uri? Listening(string label)
    {
        var match = Regex.Match(_listeningLine ?? "", Regex.Escape(label) + @" (?<endpoint>\S+?)(,|\s|$)");
        if (!match.Success || !IPEndPoint.TryParse(match.Groups["endpoint"].Value, out var bound)) return null;
        var address = bound.Address.Equals(IPAddress.Any) ? IPAddress.Loopback : bound.Address.Equals(IPAddress.IPv6Any) ? IPAddress.IPv6Loopback : bound.Address;
        return new Uri($"http://{new IPEndPoint(address, bound.Port)}/");
    }
}
