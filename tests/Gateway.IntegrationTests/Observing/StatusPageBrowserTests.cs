using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Gateway.Otlp.Proto.Logs.V1;
using Gateway.Testing;
using Gateway.Testing.Elasticsearch;
using Gateway.Testing.Observing;
using Gateway.Testing.Otlp;

namespace Gateway.IntegrationTests.Observing;

/// <summary>
/// The status page in a real browser (headless Chromium over the DevTools protocol, installed on first use): while
/// events flow, the page draws every edge with its live rate; when an exporter's destination goes away, the page
/// marks that exporter down; its tap panel shows live events through its filter.
/// </summary>
public sealed partial class StatusPageBrowserTests
{
    [Fact]
    public async Task EdgesShowLiveRatesAndAnExporterIsMarkedDownWhenItsDestinationIs()
    {
        await using var elasticsearch = await ElasticsearchDouble.StartAsync();
        await using var gateway = await TestGateway.StartAsync(Config(elasticsearch.Address));
        await using var traffic = Traffic.Start(gateway);
        using var http = new HttpClient();
        using (var wrong = await http.PostAsync(new Uri(gateway.HttpEndpoint, "v1/traces"), new StringContent("{}")))
        {
            Assert.Equal(HttpStatusCode.NotFound, wrong.StatusCode);
        }

        await using var page = await ChromiumPage.OpenAsync(gateway.TelemetryEndpoint);
        var flowing = await page.WaitForAsync(
            "[...document.querySelectorAll('g.edge')].length >= 5 && [...document.querySelectorAll('g.edge')].every(e => e.dataset.from.includes('grpc') || +e.dataset.rate > 0)",
            "every edge (but the idle gRPC receiver's) with a rate above zero");

        var edges = Edges(flowing);
        foreach (var (from, to) in new[] { ("receiver:otlp/http", "processors"), ("processors", "route:errors"), ("processors", "route:all"), ("route:errors", "exporter:elasticsearch"), ("route:all", "exporter:file") })
        {
            Assert.True(edges.TryGetValue((from, to), out var edge), $"no edge {from} -> {to} on the page");
            Assert.True(edge.Rate > 0 && edge.Class.Contains("flowing", StringComparison.Ordinal), $"{from} -> {to} shows {edge.Rate}/s");
        }

        Assert.Equal("up", ExporterHealth(flowing, "elasticsearch"));
        Assert.Equal("up", ExporterHealth(flowing, "file"));
        Assert.Matches(@"<tr data-reason=""not_found""><td[^>]*>[^<]+</td><td>http</td><td>not_found</td><td>404</td><td>POST /v1/traces</td></tr>", flowing);

        elasticsearch.DropConnections = true;
        var down = await page.WaitForAsync("document.querySelector('tr[data-exporter=\"elasticsearch\"]')?.dataset.health === 'down'", "the elasticsearch exporter marked down");

        Assert.Equal("up", ExporterHealth(down, "file"));
        Assert.Contains("<g class=\"node exporter down\" data-id=\"exporter:elasticsearch\">", down, StringComparison.Ordinal);
        Assert.Contains(">down: elasticsearch</span>", down, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheTapPanelShowsLiveEventsThatMatchItsFilter()
    {
        await using var elasticsearch = await ElasticsearchDouble.StartAsync();
        await using var gateway = await TestGateway.StartAsync(Config(elasticsearch.Address));
        await using var traffic = Traffic.Start(gateway);
        var where = Uri.EscapeDataString("{name: \"payment.*\"}");

        await using var page = await ChromiumPage.OpenAsync(new Uri(gateway.TelemetryEndpoint, $"?tap=processed&where={where}&limit=3"));
        var dom = await page.WaitForAsync("document.querySelectorAll('li.tap-event').length >= 3", "three tapped events");

        var shown = TapEvent().Matches(dom).Select(m => WebUtility.HtmlDecode(m.Groups["line"].Value)).ToList();
        Assert.Equal(3, shown.Count);
        Assert.All(shown, line => Assert.Contains("payment.failed", line, StringComparison.Ordinal));
        Assert.All(shown, line => Assert.DoesNotContain("4111111111111111", line, StringComparison.Ordinal));
        Assert.All(shown, line => Assert.Contains("card=[REDACTED:payment_card]", line, StringComparison.Ordinal));
    }

    private static string Config(Uri elasticsearch) => $$"""
        processors:
          redaction: {}
        exporters:
          file:
            path: {dir}/events.ndjson
            batch: { max_wait: 10ms }
          elasticsearch:
            endpoints: [{{elasticsearch.ToString().TrimEnd('/')}}]
            batch: { max_wait: 20ms }
            retry: { initial_interval: 50ms, max_interval: 200ms }
        routes:
          - name: errors
            match: { level: ">=error" }
            exporters: [elasticsearch]
            continue: true
          - name: all
            exporters: [file]
        """;

    private static Dictionary<(string From, string To), (string Class, double Rate)> Edges(string dom) =>
        EdgePattern().Matches(dom).ToDictionary(
            m => (WebUtility.HtmlDecode(m.Groups["from"].Value), WebUtility.HtmlDecode(m.Groups["to"].Value)),
            m => (m.Groups["class"].Value, double.Parse(m.Groups["rate"].Value, CultureInfo.InvariantCulture)));

    private static string? ExporterHealth(string dom, string exporter) =>
        Regex.Match(dom, $"<tr data-exporter=\"{Regex.Escape(exporter)}\" data-health=\"(?<health>[a-z]+)\">").Groups["health"] is { Success: true } health ? health.Value : null;

    [GeneratedRegex("<g class=\"(?<class>edge[^\"]*)\" data-from=\"(?<from>[^\"]+)\" data-to=\"(?<to>[^\"]+)\" data-rate=\"(?<rate>[0-9.]+)\">")]
    private static partial Regex EdgePattern();

    [GeneratedRegex("<li class=\"tap-event\">(?<line>[^<]*)</li>")]
    private static partial Regex TapEvent();

    /// <summary>An application sending an error and an info event every 50 ms until the test ends (bounded: a minute at most).</summary>
    private sealed class Traffic : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new(TimeSpan.FromMinutes(1));
        private readonly Task _sending;

        private Traffic(TestGateway gateway) => _sending = SendAsync(gateway);

        public static Traffic Start(TestGateway gateway) => new(gateway);

        private async Task SendAsync(TestGateway gateway)
        {
            using var http = new HttpClient();
            while (!_stop.IsCancellationRequested)
            {
                var error = OtlpRequests.Record("Card declined", OtlpRequests.Attr("card", "4111111111111111"));
                error.EventName = "payment.failed";
                error.SeverityNumber = SeverityNumber.Error;
                var info = OtlpRequests.Record("Cart viewed");
                info.EventName = "cart.viewed";
                using var content = OtlpRequests.ProtobufContent(OtlpRequests.Logs([error, info], [OtlpRequests.Attr("service.name", "checkout")]));
                try
                {
                    using var response = await http.PostAsync(gateway.HttpLogsEndpoint, content, _stop.Token);
                    await Task.Delay(50, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _sending;
            _stop.Dispose();
        }
    }
}
