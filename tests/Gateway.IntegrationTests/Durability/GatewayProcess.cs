using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Gateway.IntegrationTests.Durability;

/// <summary>
/// The real gateway as a child process (<c>dotnet gateway.dll run --config FILE</c>, from this test's output
/// directory), so a test can kill it the way the OOM killer or <c>kill -9</c> does: no shutdown code runs.
/// </summary>
internal sealed class GatewayProcess : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private GatewayProcess(Process process, Uri logsEndpoint)
    {
        _process = process;
        LogsEndpoint = logsEndpoint;
    }

    public Uri LogsEndpoint { get; }

    /// <summary>What the gateway wrote (stdout and stderr), for the failure message of a test.</summary>
    public string Output => string.Join('\n', _output);

    /// <summary>A port nobody listens on right now: bound to 127.0.0.1:0 and released.</summary>
    public static int FreePort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    /// <summary>Starts the gateway with <paramref name="configPath"/> and waits (bounded) until it says it is listening.</summary>
    public static async Task<GatewayProcess> StartAsync(string configPath, int httpPort)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(configPath)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "gateway.dll"));
        start.ArgumentList.Add("run");
        start.ArgumentList.Add("--config");
        start.ArgumentList.Add(configPath);

        var process = new Process { StartInfo = start };
        var gateway = new GatewayProcess(process, new Uri($"http://127.0.0.1:{httpPort}/v1/logs"));
        process.OutputDataReceived += (_, e) => gateway.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => gateway.OnLine(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var exited = process.WaitForExitAsync();
        var first = await Task.WhenAny(gateway._listening.Task, exited, Task.Delay(StartTimeout));
        if (first != gateway._listening.Task)
        {
            var outcome = first == exited ? $"exited with code {process.ExitCode}" : $"did not start listening within {StartTimeout.TotalSeconds}s";
            gateway.Dispose();
            throw new InvalidOperationException($"the gateway {outcome}:\n{gateway.Output}");
        }

        return gateway;
    }

    /// <summary>SIGKILL: the process ends at once, in the middle of whatever it was doing.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
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

    private void OnLine(string? line)
    {
        if (line is null) return;
        _output.Enqueue(line);
        if (line.StartsWith("gateway listening", StringComparison.Ordinal)) _listening.TrySetResult();
    }
}
