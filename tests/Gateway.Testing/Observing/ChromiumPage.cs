using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Gateway.Testing.Observing;

/// <summary>
/// One page in headless Chromium, driven over the DevTools protocol (a WebSocket): open a URL, then wait in real
/// time, bounded, until a script condition holds on the rendered DOM, and read the DOM. The browser gets a profile
/// of its own and is killed when the page is disposed.
/// </summary>
public sealed class ChromiumPage : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(15);

    private readonly Process _browser;
    private readonly string _profile;
    private readonly ClientWebSocket _socket;
    private int _nextId;

    private ChromiumPage(Process browser, string profile, ClientWebSocket socket)
    {
        _browser = browser;
        _profile = profile;
        _socket = socket;
    }

    public static async Task<ChromiumPage> OpenAsync(Uri url)
    {
        var program = await HeadlessChromium.RequireAsync().ConfigureAwait(false);
        var profile = Directory.CreateTempSubdirectory("gateway-chromium-").FullName;
        var start = new ProcessStartInfo(program) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", $"--user-data-dir={profile}",
            "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", "about:blank",
        })
        {
            start.ArgumentList.Add(argument);
        }

        var browser = Process.Start(start)!;
        var errors = new StringBuilder();
        browser.ErrorDataReceived += (_, e) => { lock (errors) errors.AppendLine(e.Data); };
        browser.OutputDataReceived += (_, _) => { };
        browser.BeginErrorReadLine();
        browser.BeginOutputReadLine();
        var socket = new ClientWebSocket();
        try
        {
            var page = await PageSocketAsync(profile, browser, errors).ConfigureAwait(false);
            using (var connecting = new CancellationTokenSource(StartTimeout)) await socket.ConnectAsync(page, connecting.Token).ConfigureAwait(false);
            var opened = new ChromiumPage(browser, profile, socket);
            await opened.CallAsync("Page.navigate", writer => writer.WriteString("url", url.ToString())).ConfigureAwait(false);
            return opened;
        }
        catch
        {
            socket.Dispose();
            Stop(browser, profile);
            throw;
        }
    }

    /// <summary>Waits until <paramref name="condition"/> (a JavaScript expression) is true on the page, then returns the page's HTML.</summary>
    public async Task<string> WaitForAsync(string condition, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? Eventually.DefaultTimeout;
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            var holds = await EvaluateAsync($"!!({condition})").ConfigureAwait(false);
            if (holds.ValueKind == JsonValueKind.True) return (await EvaluateAsync("document.documentElement.outerHTML").ConfigureAwait(false)).GetString()!;
            if (DateTime.UtcNow > deadline)
            {
                var html = (await EvaluateAsync("document.documentElement.outerHTML").ConfigureAwait(false)).GetString();
                throw new TimeoutException($"Timed out after {limit.TotalSeconds}s waiting for the page to show: {what}. The page was:\n{html}");
            }

            await Task.Delay(100).ConfigureAwait(false);
        }
    }

    /// <summary>The value of a JavaScript expression in the page.</summary>
    public async Task<JsonElement> EvaluateAsync(string expression)
    {
        var result = await CallAsync("Runtime.evaluate", writer =>
        {
            writer.WriteString("expression", expression);
            writer.WriteBoolean("returnByValue", true);
        }).ConfigureAwait(false);
        if (result.TryGetProperty("exceptionDetails", out var exception)) throw new InvalidOperationException($"the page threw evaluating {expression}: {exception}");
        return result.GetProperty("result").TryGetProperty("value", out var value) ? value.Clone() : default;
    }

    private async Task<JsonElement> CallAsync(string method, Action<Utf8JsonWriter> parameters)
    {
        var id = ++_nextId;
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("id", id);
            writer.WriteString("method", method);
            writer.WriteStartObject("params");
            parameters(writer);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        using var call = new CancellationTokenSource(CallTimeout);
        await _socket.SendAsync(buffer.WrittenMemory, WebSocketMessageType.Text, true, call.Token).ConfigureAwait(false);

        // Events the page sends meanwhile (console, network) are read past until the answer to this call.
        while (true)
        {
            using var message = JsonDocument.Parse(await ReceiveAsync(call.Token).ConfigureAwait(false));
            var root = message.RootElement;
            if (!root.TryGetProperty("id", out var answered) || answered.GetInt32() != id) continue;
            if (root.TryGetProperty("error", out var error)) throw new InvalidOperationException($"Chromium refused {method}: {error}");
            return root.GetProperty("result").Clone();
        }
    }

    private async Task<byte[]> ReceiveAsync(CancellationToken cancellationToken)
    {
        using var message = new MemoryStream();
        var chunk = new byte[16 * 1024];
        while (true)
        {
            var received = await _socket.ReceiveAsync(chunk, cancellationToken).ConfigureAwait(false);
            if (received.MessageType == WebSocketMessageType.Close) throw new InvalidOperationException("Chromium closed the DevTools connection");
            message.Write(chunk, 0, received.Count);
            if (received.EndOfMessage) return message.ToArray();
        }
    }

    /// <summary>The page's DevTools socket: the browser writes its port into the profile once it listens.</summary>
    private static async Task<Uri> PageSocketAsync(string profile, Process browser, StringBuilder errors)
    {
        var portFile = Path.Combine(profile, "DevToolsActivePort");
        var deadline = DateTime.UtcNow + StartTimeout;
        string[] lines = [];
        while (lines.Length < 2)
        {
            if (browser.HasExited || DateTime.UtcNow > deadline)
            {
                lock (errors) throw new InvalidOperationException($"Chromium did not open its DevTools port (exited: {browser.HasExited}):\n{errors}");
            }

            await Task.Delay(50).ConfigureAwait(false);
            try
            {
                lines = File.Exists(portFile) ? await File.ReadAllLinesAsync(portFile).ConfigureAwait(false) : [];
            }
            catch (IOException)
            {
                // Being written.
            }
        }

        using var http = new HttpClient { Timeout = StartTimeout };
        using var targets = JsonDocument.Parse(await http.GetStringAsync(new Uri($"http://127.0.0.1:{lines[0]}/json/list")).ConfigureAwait(false));
        foreach (var target in targets.RootElement.EnumerateArray())
        {
            if (target.GetProperty("type").GetString() == "page") return new Uri(target.GetProperty("webSocketDebuggerUrl").GetString()!);
        }

        throw new InvalidOperationException("Chromium has no page to drive");
    }

    private static void Stop(Process browser, string profile)
    {
        try
        {
            if (!browser.HasExited) browser.Kill(entireProcessTree: true);
            browser.WaitForExit(10_000);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        browser.Dispose();
        try
        {
            Directory.Delete(profile, recursive: true);
        }
        catch (IOException)
        {
            // A crash reporter still writing: only a temp directory is left behind.
        }
    }

    public ValueTask DisposeAsync()
    {
        _socket.Dispose();
        Stop(_browser, _profile);
        return ValueTask.CompletedTask;
    }
}
