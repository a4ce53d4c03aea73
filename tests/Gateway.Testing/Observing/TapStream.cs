using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Gateway.Testing.Observing;

/// <summary>
/// A client of the gateway's <c>GET /tap</c>, as a browser's EventSource or <c>gateway tap</c> reads it: every wait
/// is bounded, so a test never hangs on a stream that stays quiet.
/// </summary>
public sealed class TapStream : IAsyncDisposable
{
    private readonly HttpClient _http;
    private readonly HttpResponseMessage _response;
    private readonly StreamReader? _reader;

    private TapStream(HttpClient http, HttpResponseMessage response, StreamReader? reader, string? refusal)
    {
        _http = http;
        _response = response;
        _reader = reader;
        Refusal = refusal;
    }

    public HttpStatusCode Status => _response.StatusCode;

    /// <summary>The gateway's message when it refused the tap.</summary>
    public string? Refusal { get; }

    /// <param name="query">E.g. "at=processed&amp;where=..." (already escaped).</param>
    public static async Task<TapStream> OpenAsync(Uri telemetryEndpoint, string query, string? apiKey = null)
    {
        var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(telemetryEndpoint, "tap?" + query));
        if (apiKey is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        using var opening = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, opening.Token).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return new TapStream(http, response, null, await response.Content.ReadAsStringAsync(opening.Token).ConfigureAwait(false));
        }

        var stream = await response.Content.ReadAsStreamAsync(opening.Token).ConfigureAwait(false);
        return new TapStream(http, response, new StreamReader(stream, Encoding.UTF8), null);
    }

    /// <summary>The next event of any kind; null when the gateway ended the stream.</summary>
    public async Task<ServerSentEvent?> NextAsync(TimeSpan? timeout = null)
    {
        if (_reader is null) throw new InvalidOperationException($"the tap was refused ({(int)Status}): {Refusal}");
        using var wait = new CancellationTokenSource(timeout ?? Eventually.DefaultTimeout);
        string? name = null;
        var data = new StringBuilder();
        try
        {
            while (await _reader.ReadLineAsync(wait.Token).ConfigureAwait(false) is { } line)
            {
                if (line.StartsWith("event: ", StringComparison.Ordinal)) name = line[7..];
                else if (line.StartsWith("data: ", StringComparison.Ordinal)) data.Append(line.AsSpan(6));
                else if (line.Length == 0 && data.Length > 0) return new ServerSentEvent(name, data.ToString());
            }
        }
        catch (OperationCanceledException) when (wait.IsCancellationRequested)
        {
            throw new TimeoutException($"no event on the tap within {(timeout ?? Eventually.DefaultTimeout).TotalSeconds}s");
        }

        return null;
    }

    /// <summary>The data of the next <paramref name="count"/> events shown (the tap's own notices are skipped, and kept in <paramref name="notices"/>).</summary>
    public async Task<List<string>> EventsAsync(int count, List<ServerSentEvent>? notices = null, TimeSpan? timeout = null)
    {
        var events = new List<string>(count);
        while (events.Count < count)
        {
            var next = await NextAsync(timeout).ConfigureAwait(false) ?? throw new InvalidOperationException($"the tap ended after {events.Count} of {count} events");
            if (next.Name is null) events.Add(next.Data);
            else notices?.Add(next);
        }

        return events;
    }

    public async ValueTask DisposeAsync()
    {
        if (_reader is not null) _reader.Dispose();
        _response.Dispose();
        _http.Dispose();
        await Task.CompletedTask.ConfigureAwait(false);
    }
}
