using System.Text.Json;
using Gateway.Exporters;
using Gateway.Pipeline;
using Gateway.Testing;
using Gateway.Testing.Pipeline;
using Gateway.Testing.Diagnostics;

namespace Gateway.Tests.Pipeline;

/// <summary>The shared retry: backoff on the injected clock, Retry-After honoured, partial results settled item by item, dead letters.</summary>
[Collection(PipelineCollection.Name)]
public sealed class RetryTests
{
    private const int RetryingEventId = 1100;

    private static string Config(string retry) => $$"""
        exporters:
          store/search: { batch: { max_wait: 0s }, retry: {{retry}} }
        routes:
          - name: everything
            exporters: [store/search]
        """;

    [Fact]
    public async Task ARetryableFailureIsRetriedWithExponentialBackoffOnTheInjectedClock()
    {
        var time = new TimerCountingTimeProvider();
        using var logs = new LogRecorder();
        await using var gateway = await PipelineHarness.StartAsync(Config("{ initial_interval: 1s, multiplier: 2, jitter: 0 }"), time, logging: logs.CreateFactory());
        var search = gateway.Store["store/search"];
        search.Script(ExportResult.Retryable("503 Service Unavailable"), ExportResult.Retryable("503 Service Unavailable"));

        await gateway.Runtime.IngestAsync(ExporterIsolationTests.Batch(3), CancellationToken.None);
        await Eventually.TrueAsync(() => time.TimersCreated == 1, "the first backoff is armed");
        time.Advance(TimeSpan.FromSeconds(1));
        await Eventually.TrueAsync(() => time.TimersCreated == 2, "the second backoff is armed");
        time.Advance(TimeSpan.FromSeconds(2));

        await Eventually.TrueAsync(() => search.DeliveredCount == 3, "the third attempt delivers");
        Assert.Equal(3, search.Attempts);
        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)], logs.Entries.Where(e => e.EventId == RetryingEventId).Select(e => (TimeSpan)e.Fields["Delay"]!));
    }

    [Fact]
    public async Task TheDestinationsRetryAfterIsHonouredWhenLongerThanTheBackoff()
    {
        var time = new TimerCountingTimeProvider();
        using var logs = new LogRecorder();
        await using var gateway = await PipelineHarness.StartAsync(Config("{ initial_interval: 1s, jitter: 0 }"), time, logging: logs.CreateFactory());
        var search = gateway.Store["store/search"];
        search.Script(ExportResult.Retryable("429 Too Many Requests", TimeSpan.FromSeconds(30)));

        await gateway.Runtime.IngestAsync(ExporterIsolationTests.Batch(1), CancellationToken.None);
        await Eventually.TrueAsync(() => time.TimersCreated == 1, "the backoff is armed");
        time.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(1, search.Attempts);
        time.Advance(TimeSpan.FromSeconds(1));

        await Eventually.TrueAsync(() => search.DeliveredCount == 1, "the retry after 30s delivers");
        Assert.Equal(TimeSpan.FromSeconds(30), (TimeSpan)logs.Entries.Single(e => e.EventId == RetryingEventId).Fields["Delay"]!);
    }

    [Fact]
    public void JitterSpreadsEachDelayWithinItsBounds()
    {
        var backoff = new RetryBackoff(new RetryOptions { InitialInterval = TimeSpan.FromSeconds(1), Multiplier = 2, MaxInterval = TimeSpan.FromSeconds(5), Jitter = 0.5 }, new Random(7));
        var delays = Enumerable.Range(0, 6).Select(attempt => backoff.Next(attempt, null)).ToList();

        Assert.InRange(delays[0], TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(1.5));
        Assert.InRange(delays[1], TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3));
        Assert.All(delays.Skip(3), d => Assert.InRange(d, TimeSpan.FromSeconds(2.5), TimeSpan.FromSeconds(7.5)));
        Assert.True(delays.Distinct().Count() > 3, "jitter varies the delays");
    }

    [Fact]
    public async Task PastMaxElapsedTimeTheBatchIsDeadLettered()
    {
        var time = new TimerCountingTimeProvider();
        using var metrics = new MetricRecorder();
        await using var gateway = await PipelineHarness.StartAsync(Config("{ initial_interval: 1s, multiplier: 2, jitter: 0, max_elapsed_time: 5s }"), time);
        var search = gateway.Store["store/search"];
        search.FailWith(ExportResult.Retryable("503 Service Unavailable"));

        await gateway.Runtime.IngestAsync(ExporterIsolationTests.Batch(2), CancellationToken.None);
        await Eventually.TrueAsync(() => time.TimersCreated == 1, "the first backoff is armed");
        time.Advance(TimeSpan.FromSeconds(1));
        await Eventually.TrueAsync(() => time.TimersCreated == 2, "the second backoff is armed");
        time.Advance(TimeSpan.FromSeconds(2));

        // 3s spent; the next wait (4s) would pass 5s, so the batch is given up now rather than retried.
        await Eventually.TrueAsync(() => gateway.DeadLetterLines().Length == 2, "both events are dead-lettered");
        Assert.Equal(3, search.Attempts);
        using var line = JsonDocument.Parse(gateway.DeadLetterLines()[0]);
        Assert.Equal("store/search", line.RootElement.GetProperty("exporter").GetString());
        Assert.Equal("retry_exhausted", line.RootElement.GetProperty("error_type").GetString());
        Assert.Contains("503 Service Unavailable", line.RootElement.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, metrics.Sum("gateway_dead_lettered_log_records", "exporter", "store/search", "reason", "retry_exhausted"));
        Assert.Equal(2, metrics.Sum("otelcol_exporter_send_failed_log_records", "exporter", "store/search"));
    }

    [Fact]
    public async Task APermanentFailureIsDeadLetteredAtOnceWithTheWholeEvent()
    {
        var time = new TimerCountingTimeProvider();
        await using var gateway = await PipelineHarness.StartAsync(Config("{}"), time);
        var search = gateway.Store["store/search"];
        search.FailWith(ExportResult.Permanent("400 Bad Request: mapper_parsing_exception"));
        var events = ExporterIsolationTests.Batch(3);

        await gateway.Runtime.IngestAsync([.. events], CancellationToken.None);

        await Eventually.TrueAsync(() => gateway.DeadLetterLines().Length == 3, "all three are dead-lettered");
        Assert.Equal(1, search.Attempts);
        Assert.Equal(0, time.TimersCreated);
        var lines = gateway.DeadLetterLines().Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(events.Select(e => e.IdHex), lines.Select(l => l.GetProperty("event").GetProperty("id").GetString()));
        var first = lines[0];
        Assert.Equal(time.GetUtcNow(), first.GetProperty("time").GetDateTimeOffset());
        Assert.Equal("permanent", first.GetProperty("error_type").GetString());
        Assert.Equal("400 Bad Request: mapper_parsing_exception", first.GetProperty("reason").GetString());
        Assert.Equal(JsonValueKind.Null, first.GetProperty("target").ValueKind);
        Assert.Equal(events[0].Name, first.GetProperty("event").GetProperty("name").GetString());
        Assert.Equal("checkout", first.GetProperty("event").GetProperty("service").GetString());
    }

    [Fact]
    public async Task APartialResultAcksTheDeliveredRetriesTheRetryableAndDeadLettersTheRest()
    {
        var time = new TimerCountingTimeProvider();
        await using var gateway = await PipelineHarness.StartAsync(Config("{ initial_interval: 1s, jitter: 0 }"), time);
        var search = gateway.Store["store/search"];
        search.Script(ExportResult.Partial(
        [
            new ItemFailure(1, Retryable: true, "es_rejected_execution_exception", "rejected execution: write queue full", "logs-checkout"),
            new ItemFailure(2, Retryable: false, "document_parsing_exception", "failed to parse field [value]", "logs-checkout"),
        ]));
        var events = ExporterIsolationTests.Batch(3);

        await gateway.Runtime.IngestAsync([.. events], CancellationToken.None);
        await Eventually.TrueAsync(() => time.TimersCreated == 1, "the retry of the rejected item is armed");
        Assert.Equal([events[0].Id], search.Delivered.Select(e => e.Id));
        time.Advance(TimeSpan.FromSeconds(1));

        await Eventually.TrueAsync(() => search.DeliveredCount == 2, "the retryable item is delivered on retry");
        Assert.Equal([3, 1], search.BatchSizes);
        Assert.Equal([events[0].Id, events[1].Id], search.Delivered.Select(e => e.Id));
        var line = JsonDocument.Parse(Assert.Single(gateway.DeadLetterLines())).RootElement;
        Assert.Equal("document_parsing_exception", line.GetProperty("error_type").GetString());
        Assert.Equal("failed to parse field [value]", line.GetProperty("reason").GetString());
        Assert.Equal("logs-checkout", line.GetProperty("target").GetString());
        Assert.Equal(events[2].IdHex, line.GetProperty("event").GetProperty("id").GetString());
    }

    [Fact]
    public async Task WithRetryDisabledATransientFailureIsDeadLettered()
    {
        await using var gateway = await PipelineHarness.StartAsync(Config("{ enabled: false }"));
        gateway.Store["store/search"].FailWith(ExportResult.Retryable("timeout"));

        await gateway.Runtime.IngestAsync(ExporterIsolationTests.Batch(1), CancellationToken.None);

        await Eventually.TrueAsync(() => gateway.DeadLetterLines().Length == 1, "the event is dead-lettered");
        Assert.Contains("\"error_type\":\"retry_disabled\"", gateway.DeadLetterLines()[0], StringComparison.Ordinal);
    }
}
