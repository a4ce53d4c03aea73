using System.Net;
using Gateway.Otlp.Proto.Logs.V1;
using Gateway.Queues;
using Gateway.Testing;
using Gateway.Testing.Diagnostics;
using Gateway.Testing.Pipeline;

namespace Gateway.IntegrationTests.Operations;

/// <summary>/metrics after a known load: what came in, what sampling dropped and what went out add up.</summary>
[Collection(OperationsCollection.Name)]
public sealed class MetricsEndpointTests
{
    private const string Exporter = "store/metrics-known-load";

    [Fact]
    public async Task AfterAKnownLoadAcceptedEqualsSentPlusSampledOutUnderTheCollectorsNames()
    {
        var store = new ControllableExporterFactory("store", QueueFullPolicy.Block);
        await using var gateway = await TestGateway.StartAsync($$"""
            processors:
              sampling:
                rates: { debug: 0, info: 1 }
              redaction: {}
            exporters:
              {{Exporter}}: { batch: { max_wait: 0s } }
            routes:
              - name: metrics-known-load
                exporters: [{{Exporter}}]
            """, catalog => catalog.Add(store));
        using var http = new HttpClient();

        // 20 info records (5 of them carrying an email address) and 10 debug records, in three requests.
        for (var request = 0; request < 3; request++)
        {
            var records = new List<LogRecord>();
            for (var i = 0; i < 10; i++)
            {
                var n = request * 10 + i;
                records.Add(request == 2 ? OtlpHttpPost.Record($"debug {n}", SeverityNumber.Debug)
                    : OtlpHttpPost.Record(n % 4 == 0 ? $"order {n} for jane.doe{n}@example.com" : $"order {n}"));
            }

            Assert.Equal(HttpStatusCode.OK, await OtlpHttpPost.SendAsync(http, gateway, [.. records]));
        }

        await Eventually.TrueAsync(() => store[Exporter].DeliveredCount == 20, "20 info records delivered");
        var scrape = await PrometheusScrape.ScrapeAsync(http, gateway.TelemetryEndpoint);

        var accepted = scrape.Value("otelcol_receiver_accepted_log_records_total", ("receiver", "otlp"), ("transport", "http"));
        var sent = scrape.Value("otelcol_exporter_sent_log_records_total", ("exporter", Exporter));
        var sampledOut = scrape.Value("gateway_sampling_sampled_out_total", ("processor", "sampling"), ("level", "debug"));
        Assert.Equal(30, accepted);
        Assert.Equal(20, sent);
        Assert.Equal(10, sampledOut);
        Assert.Equal(accepted, sent + sampledOut);
        Assert.Equal(20, scrape.Value("gateway_sampling_kept_total", ("processor", "sampling"), ("level", "info")));
        Assert.Equal(0, scrape.Value("gateway_sampling_sampled_out_total", ("processor", "sampling"), ("level", "info")));
        Assert.Equal(5, scrape.Value("gateway_processor_redactions_total", ("processor", "redaction"), ("rule", "email")));
        Assert.Equal(20, scrape.Value("gateway_routed_log_records_total", ("route", "metrics-known-load")));
        Assert.Equal(0, scrape.Value("otelcol_exporter_send_failed_log_records_total", ("exporter", Exporter)));
        Assert.Equal(0, scrape.Value("otelcol_exporter_enqueue_failed_log_records_total", ("exporter", Exporter)));
        Assert.Equal(0, scrape.Value("otelcol_receiver_refused_log_records_total", ("receiver", "otlp")));
        Assert.Equal(0, scrape.Value("otelcol_exporter_queue_size", ("exporter", Exporter)));
        Assert.Equal(10_000, scrape.Value("otelcol_exporter_queue_capacity", ("exporter", Exporter)));
        Assert.Equal("counter", scrape.TypeOf("otelcol_exporter_sent_log_records_total"));
        Assert.Equal("gauge", scrape.TypeOf("otelcol_exporter_queue_size"));
    }

    [Fact]
    public async Task HealthzAnswersUpAsJson()
    {
        await using var gateway = await TestGateway.StartAsync();
        using var http = new HttpClient();

        using var response = await http.GetAsync(new Uri(gateway.TelemetryEndpoint, "healthz"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("""{"status":"up"}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ProcessFiguresAreReportedUnderTheCollectorsNamesAndMatchTheProcess()
    {
        await using var gateway = await TestGateway.StartAsync();
        using var http = new HttpClient();

        var scrape = await PrometheusScrape.ScrapeAsync(http, gateway.TelemetryEndpoint);

        // The gateway runs inside this test process here, so its figures are this process's.
        var rss = scrape.Value("otelcol_process_memory_rss");
        Assert.InRange(rss, Environment.WorkingSet / 2.0, Environment.WorkingSet * 2.0);
        Assert.InRange(scrape.Value("otelcol_process_cpu_seconds_total"), 0.01, Environment.CpuUsage.TotalTime.TotalSeconds);
        Assert.InRange(scrape.Value("otelcol_process_runtime_total_alloc_bytes_total"), 1, GC.GetTotalAllocatedBytes());
        Assert.True(scrape.Value("otelcol_process_runtime_heap_alloc_bytes") > 0);
        Assert.True(scrape.Value("otelcol_process_runtime_total_sys_memory_bytes") >= scrape.Value("otelcol_process_runtime_heap_alloc_bytes") / 2);
        Assert.True(scrape.Value("otelcol_process_uptime_total") > 0);
        Assert.Equal("gauge", scrape.TypeOf("otelcol_process_memory_rss"));
        Assert.Equal("counter", scrape.TypeOf("otelcol_process_cpu_seconds_total"));
    }
}
