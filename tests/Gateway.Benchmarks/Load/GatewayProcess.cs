using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Gateway.Benchmarks.Load;

/// <summary>
/// The gateway as a child process (this build's gateway.dll, so Release when the harness runs in Release), with its
/// CPU time and memory read from /proc: utime + stime in clock ticks, VmRSS and VmHWM (peak RSS).
/// </summary>
public sealed class GatewayProcess : IAsyncDisposable
{
    private const double ClockTicksPerSecond = 100; // sysconf(_SC_CLK_TCK) on Linux
    private readonly Process _process;

    private GatewayProcess(Process process, int grpcPort, int httpPort)
    {
        _process = process;
        GrpcPort = grpcPort;
        HttpPort = httpPort;
    }

    public int GrpcPort { get; }

    public int HttpPort { get; }

    public int Pid => _process.Id;

    public static async Task<GatewayProcess> StartAsync(string configPath, int grpcPort, int httpPort, TextWriter log)
    {
        var gatewayDll = Path.Combine(AppContext.BaseDirectory, "gateway.dll");
        var start = new ProcessStartInfo("dotnet", [gatewayDll, "run", "--config", configPath])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(configPath)!,
        };
        start.Environment["DOTNET_gcServer"] = "0";
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the gateway");
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) log.WriteLine("  gateway| " + e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) log.WriteLine("  gateway! " + e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await CanConnectAsync(httpPort).ConfigureAwait(false) || !await CanConnectAsync(grpcPort).ConfigureAwait(false))
        {
            if (process.HasExited) throw new InvalidOperationException($"the gateway exited with code {process.ExitCode} during start");
            if (DateTime.UtcNow > deadline) throw new TimeoutException("the gateway did not open its ports within 30s");
            await Task.Delay(100).ConfigureAwait(false);
        }

        return new GatewayProcess(process, grpcPort, httpPort);
    }

    /// <summary>CPU seconds (user + system) the gateway has used so far.</summary>
    public double CpuSeconds()
    {
        var stat = File.ReadAllText($"/proc/{Pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // After "pid (comm) ", field 0 is state; utime and stime are fields 14 and 15 of stat, i.e. 11 and 12 here.
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / ClockTicksPerSecond;
    }

    /// <summary>(current RSS, peak RSS) in MiB.</summary>
    public (double Rss, double Peak) MemoryMiB()
    {
        double rss = 0, peak = 0;
        foreach (var line in File.ReadLines($"/proc/{Pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal)) rss = Kilobytes(line) / 1024.0;
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal)) peak = Kilobytes(line) / 1024.0;
        }

        return (rss, peak);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static long Kilobytes(string line) => long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);

    private static async Task<bool> CanConnectAsync(int port)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port).ConfigureAwait(false);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().ConfigureAwait(false);
        }

        _process.Dispose();
    }
}
