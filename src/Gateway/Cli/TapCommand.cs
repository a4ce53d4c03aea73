using System.Globalization;
using System.Net;
using System.Text;

namespace Gateway.Host.Cli;

/// <summary>
/// <c>gateway tap</c>: reads a running gateway's <c>GET /tap</c> event stream and prints each event on its own line
/// (NDJSON, or console lines with <c>--format text</c>) to standard output; what the tap left out and why it ended
/// go to standard error, so the output stays clean for jq. Exit codes: 0 at the limit, on Ctrl-C or when the
/// gateway ends the stream; 1 when the gateway cannot be reached; 2 when it refuses the tap (its message is printed).
/// </summary>
public static class TapCommand
{
    public const string DefaultEndpoint = "localhost:8888";
    public const string ApiKeyVariable = "GATEWAY_TAP_API_KEY";

    public static async Task<int> RunAsync(CliArguments parsed, Func<string, string?> environment, TextWriter output, TextWriter error)
    {
        var options = parsed.Options;
        if (!TryBuildUri(options, out var uri, out var problem))
        {
            await error.WriteLineAsync($"gateway: {problem}").ConfigureAwait(false);
            await error.WriteLineAsync($"Usage: {parsed.Verb.Synopsis}").ConfigureAwait(false);
            return GatewayCli.UsageOrConfigError;
        }

        using var stop = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            var key = options.GetValueOrDefault("api-key") ?? environment(ApiKeyVariable);
            if (!string.IsNullOrEmpty(key)) request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
            request.Headers.Accept.ParseAdd("text/event-stream");
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, stop.Token).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                var message = (await response.Content.ReadAsStringAsync(stop.Token).ConfigureAwait(false)).Trim();
                await error.WriteLineAsync($"gateway: the tap was refused ({(int)response.StatusCode}): {message}").ConfigureAwait(false);
                return (int)response.StatusCode is >= 400 and < 500 ? GatewayCli.UsageOrConfigError : GatewayCli.RuntimeFailure;
            }

            await using var stream = await response.Content.ReadAsStreamAsync(stop.Token).ConfigureAwait(false);
            await ReadEventsAsync(new StreamReader(stream, Encoding.UTF8), output, error, stop.Token).ConfigureAwait(false);
            return GatewayCli.Ok;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return GatewayCli.Ok;
        }
        catch (HttpRequestException e)
        {
            await error.WriteLineAsync($"gateway: cannot reach the gateway's telemetry endpoint at {uri.GetLeftPart(UriPartial.Authority)}: {e.Message}; is it running, and is --endpoint its service.telemetry.endpoint?").ConfigureAwait(false);
            return GatewayCli.RuntimeFailure;
        }
        catch (IOException e)
        {
            await error.WriteLineAsync($"gateway: the tap's connection broke: {e.Message}").ConfigureAwait(false);
            return GatewayCli.RuntimeFailure;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    /// <summary>Server-Sent Events: <c>event:</c> names the next <c>data:</c>; a blank line ends an event.</summary>
    private static async Task ReadEventsAsync(StreamReader reader, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        string? name = null;
        var data = new StringBuilder();
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (line.StartsWith("event:", StringComparison.Ordinal)) name = line[6..].Trim();
            else if (line.StartsWith("data:", StringComparison.Ordinal)) data.Append(line.AsSpan(line.Length > 5 && line[5] == ' ' ? 6 : 5));
            else if (line.Length == 0 && data.Length > 0)
            {
                switch (name)
                {
                    case null:
                        await output.WriteLineAsync(data.ToString()).ConfigureAwait(false);
                        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
                        break;
                    case "tap":
                        await error.WriteLineAsync($"tap: attached {data}").ConfigureAwait(false);
                        break;
                    case "dropped":
                        await error.WriteLineAsync($"tap: events left out so far because this reader was behind (the gateway was not slowed): {data}").ConfigureAwait(false);
                        break;
                    case "end":
                        await error.WriteLineAsync($"tap: ended {data}").ConfigureAwait(false);
                        return;
                }

                name = null;
                data.Clear();
            }
        }
    }

    private static bool TryBuildUri(Dictionary<string, string> options, out Uri uri, out string? problem)
    {
        uri = null!;
        problem = null;
        var endpoint = options.GetValueOrDefault("endpoint") ?? DefaultEndpoint;
        if (!endpoint.Contains("://", StringComparison.Ordinal)) endpoint = "http://" + endpoint;
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var root) || root.Scheme is not ("http" or "https"))
        {
            problem = $"--endpoint '{options.GetValueOrDefault("endpoint")}' is not host:port; write e.g. --endpoint localhost:8888 (the gateway's service.telemetry.endpoint)";
            return false;
        }

        if (options.GetValueOrDefault("limit") is { } limit && (!long.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1))
        {
            problem = $"--limit '{limit}' is not a number of events; write e.g. --limit 10";
            return false;
        }

        if (options.GetValueOrDefault("format") is { } format && format is not ("json" or "text"))
        {
            problem = $"--format '{format}' is not json or text{Configuration.YamlBinder.Suggest(format, ["json", "text"])}";
            return false;
        }

        var query = new StringBuilder("at=").Append(Uri.EscapeDataString(options.GetValueOrDefault("at") ?? "processed"));
        foreach (var name in new[] { "where", "limit", "format" })
        {
            if (options.TryGetValue(name, out var value)) query.Append('&').Append(name).Append('=').Append(Uri.EscapeDataString(value));
        }

        // Colour only when a person watches: piped into a file or jq, the lines stay plain.
        if (options.GetValueOrDefault("format") == "text" && !Console.IsOutputRedirected) query.Append("&color=true");
        uri = new UriBuilder(root) { Path = "/tap", Query = query.ToString() }.Uri;
        return true;
    }
}
