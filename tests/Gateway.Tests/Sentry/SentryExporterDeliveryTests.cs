using System.Diagnostics.Metrics;
using Gateway.Envelope;
using Gateway.Exporters;
using Gateway.Testing;
using Gateway.Testing.Sentry;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Tests.Sentry;

/// <summary>What the shared retry code is told: nothing accepted is sent twice, nothing refused is retried, nothing is lost.</summary>
public sealed class SentryExporterDeliveryTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
    private SentryDouble _sentry = null!;

    public async Task InitializeAsync() => _sentry = await SentryDouble.StartAsync();

    public async Task DisposeAsync() => await _sentry.DisposeAsync();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A429WithRetryAfterLosesNothingAndSendingResumesAfterTheDelay(bool rateLimitsHeader)
    {
        var exporter = SentryTestExporter.Create(SentryTestExporter.Options(_sentry.Dsn("1")), _time);
        EventEnvelope[] batch = [Error(), Error(), Error()];
        _sentry.RespondWith429(TimeSpan.FromSeconds(30), count: 1, rateLimitsHeader);

        var limited = await exporter.ExportAsync(batch);

        Assert.Equal(ExportOutcome.Retryable, limited.Outcome);
        Assert.Equal(TimeSpan.FromSeconds(30), limited.RetryAfter);
        Assert.Equal(1, _sentry.Requests);

        _time.Advance(TimeSpan.FromSeconds(29));
        var early = await exporter.ExportAsync(batch);
        Assert.Equal(ExportOutcome.Retryable, early.Outcome);
        Assert.Equal(TimeSpan.FromSeconds(1), early.RetryAfter);
        Assert.Equal(1, _sentry.Requests); // a limited DSN is not called before its time

        _time.Advance(TimeSpan.FromSeconds(1));
        var resumed = await exporter.ExportAsync(batch);

        Assert.Equal(ExportOutcome.Success, resumed.Outcome);
        Assert.Equal(batch.Select(e => e.IdHex).Order(), _sentry.Events.Select(e => e.EventId).Order());
    }

    [Fact]
    public async Task WhenOneProjectIsLimitedTheOthersEventsAreDeliveredAndOnlyTheLimitedOnesComeBack()
    {
        var options = SentryTestExporter.Options(_sentry.Dsn("1"));
        options.DsnByService["payments-*"] = _sentry.Dsn("2");
        var exporter = SentryTestExporter.Create(options, _time);
        EventEnvelope[] batch = [Error("checkout"), Error("payments-api"), Error("checkout")];
        _sentry.RespondWith429(TimeSpan.FromSeconds(10));

        var result = await exporter.ExportAsync(batch);

        Assert.Equal(ExportOutcome.Partial, result.Outcome);
        Assert.Equal([0, 2], result.ItemFailures.Select(f => f.Index));
        Assert.All(result.ItemFailures, f => Assert.True(f.Retryable));
        Assert.Equal(TimeSpan.FromSeconds(10), result.RetryAfter);
        Assert.Equal(batch[1].IdHex, Assert.Single(_sentry.EventsOf("2")).EventId);
        Assert.Empty(_sentry.EventsOf("1"));

        _time.Advance(TimeSpan.FromSeconds(10));
        var retry = await exporter.ExportAsync(batch[0], batch[2]);

        Assert.Equal(ExportOutcome.Success, retry.Outcome);
        Assert.Equal(2, _sentry.EventsOf("1").Count);
        Assert.Single(_sentry.EventsOf("2")); // the accepted event was not sent again
    }

    [Fact]
    public async Task EachServiceLandsInTheProjectDsnByServiceNames()
    {
        var options = new Gateway.Exporters.Sentry.SentryExporterOptions();
        options.DsnByService["checkout"] = _sentry.Dsn("10");
        options.DsnByService["payments-*"] = _sentry.Dsn("20");
        options.Dsn = _sentry.Dsn("99");
        var exporter = SentryTestExporter.Create(options);

        var result = await exporter.ExportAsync(Error("checkout"), Error("payments-api"), Error("payments-worker"), Error("search"));

        Assert.Equal(ExportOutcome.Success, result.Outcome);
        Assert.Equal(["checkout"], _sentry.EventsOf("10").Select(e => e.Payload.GetProperty("tags").GetProperty("service").GetString()));
        Assert.Equal(["payments-api", "payments-worker"], _sentry.EventsOf("20").Select(e => e.Payload.GetProperty("tags").GetProperty("service").GetString()));
        Assert.Equal(["search"], _sentry.EventsOf("99").Select(e => e.Payload.GetProperty("tags").GetProperty("service").GetString()));
    }

    [Fact]
    public async Task EventsWithoutADsnAreCountedAndDeadLetteredWhileTheRestIsDelivered()
    {
        var options = new Gateway.Exporters.Sentry.SentryExporterOptions();
        options.DsnByService["checkout"] = _sentry.Dsn("1");
        var exporter = SentryTestExporter.Create(options);
        long counted = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == "gateway_sentry_events_without_dsn") l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref counted, value));
        listener.Start();

        var result = await exporter.ExportAsync(Error("search"), Error("checkout"));

        Assert.Equal(ExportOutcome.Partial, result.Outcome);
        var failure = Assert.Single(result.ItemFailures);
        Assert.Equal((0, false, "no_dsn"), (failure.Index, failure.Retryable, failure.ErrorType));
        Assert.Contains("search", failure.Reason, StringComparison.Ordinal);
        Assert.Equal(1, Interlocked.Read(ref counted));
        Assert.Single(_sentry.Events);
    }

    [Fact]
    public async Task AnOutageIsRetryableAndTheDsnIsNotHammeredForTheRestOfTheBatch()
    {
        var exporter = SentryTestExporter.Create(SentryTestExporter.Options(_sentry.Dsn("1")));
        _sentry.RespondWith(503);

        var result = await exporter.ExportAsync(Error(), Error(), Error());

        Assert.Equal(ExportOutcome.Retryable, result.Outcome);
        Assert.Null(result.RetryAfter);
        Assert.Equal(1, _sentry.Requests);
    }

    [Fact]
    public async Task AnUnreachableSentryIsRetryable()
    {
        var gone = await SentryDouble.StartAsync();
        var dsn = gone.Dsn("1");
        await gone.DisposeAsync();

        var result = await SentryTestExporter.Create(SentryTestExporter.Options(dsn)).ExportAsync(Error());

        Assert.Equal(ExportOutcome.Retryable, result.Outcome);
    }

    [Fact]
    public async Task AWrongKeyIsRefusedAndNotRetried()
    {
        var right = new Uri(_sentry.Dsn("1"));
        var wrong = $"http://0000aaaa0000aaaa0000aaaa0000aaaa@{right.Authority}/1";

        var result = await SentryTestExporter.Create(SentryTestExporter.Options(wrong)).ExportAsync(Error());

        Assert.Equal(ExportOutcome.Partial, result.Outcome);
        var failure = Assert.Single(result.ItemFailures);
        Assert.False(failure.Retryable);
        Assert.Contains("401", failure.Reason, StringComparison.Ordinal);
        Assert.Empty(_sentry.Events);
    }

    [Fact]
    public async Task AnEventOverSentrysSizeLimitIsDeadLetteredWithoutARequest()
    {
        var huge = new string('x', 100) + Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(600_000));
        var envelope = Some.Envelope(level: EventLevel.Error, attributes: [new("payload", AttributeValue.FromString(huge))]);

        var result = await SentryTestExporter.Create(SentryTestExporter.Options(_sentry.Dsn("1"))).ExportAsync(envelope, Error());

        Assert.Equal(ExportOutcome.Partial, result.Outcome);
        var failure = Assert.Single(result.ItemFailures);
        Assert.Equal((0, false, "too_large"), (failure.Index, failure.Retryable, failure.ErrorType));
        Assert.Equal(1, _sentry.Requests);
    }

    [Fact]
    public async Task ARefusalOfTheDoubleIsPermanentForThatEventOnly()
    {
        var exporter = SentryTestExporter.Create(SentryTestExporter.Options(_sentry.Dsn("1")));
        _sentry.RespondWith(400);

        var result = await exporter.ExportAsync(Error(), Error());

        Assert.Equal(ExportOutcome.Partial, result.Outcome);
        var failure = Assert.Single(result.ItemFailures);
        Assert.Equal((0, false, "refused"), (failure.Index, failure.Retryable, failure.ErrorType));
        Assert.Single(_sentry.Events);
    }

    private static EventEnvelope Error(string service = "checkout") =>
        Some.Envelope(service: service, level: EventLevel.Error, error: Some.Error(stack: Fixture.Stack("dotnet.txt")));
}
