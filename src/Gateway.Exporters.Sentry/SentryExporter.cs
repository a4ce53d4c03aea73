using System.Diagnostics.Metrics;
using Gateway.Diagnostics;
using Gateway.Envelope;
using Gateway.Exporters.Sentry.Events;
using Gateway.Exporters.Sentry.Transport;
using Microsoft.Extensions.Logging;

namespace Gateway.Exporters.Sentry;

/// <summary>
/// Sends each envelope of a batch to Sentry as an error event, one envelope per event as Sentry requires, and reports
/// per event what happened: accepted events are never sent again, rate-limited and unreachable ones are retryable
/// (with Sentry's delay), refused ones and ones without a DSN are dead-lettered. Queueing and retry are the shared
/// exporter wrappers' work.
/// </summary>
public sealed class SentryExporter : IEventExporter, IDisposable
{
    /// <summary>Sentry refuses events over 1MiB of JSON or 200KiB compressed (413); checked here to spare the request.</summary>
    public const int MaxEventBytes = 1024 * 1024;

    public const int MaxCompressedEventBytes = 200 * 1024;

    private static readonly Counter<long> WithoutDsn = GatewayMeter.Instance.CreateCounter<long>(
        "gateway_sentry_events_without_dsn", "{event}", "Events a Sentry exporter could not send because no DSN matched their service");

    private readonly string _id;
    private readonly SentryDsnRouter _router;
    private readonly SentryEventWriter _events;
    private readonly SentryRateLimits _limits;
    private readonly SentryTransport _transport;
    private readonly HttpClient _http;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    // Logged once per service, counted every time: a misrouted service must not flood the gateway's own log.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> _servicesWithoutDsn = new(StringComparer.Ordinal);

    public SentryExporter(string id, SentryExporterOptions options, HttpClient http, TimeProvider time, ILogger<SentryExporter> logger)
    {
        _id = id;
        _router = new SentryDsnRouter(options);
        _events = new SentryEventWriter(options);
        _limits = new SentryRateLimits(time);
        _transport = new SentryTransport(http, time);
        _http = http;
        _time = time;
        _logger = logger;
    }

    public async ValueTask<ExportResult> ExportAsync(EventBatch batch, CancellationToken cancellationToken)
    {
        var outcome = new SentryBatchOutcome(batch.Count);
        HashSet<SentryDsn>? unavailable = null;
        using var envelopes = new SentryEnvelopeWriter(_events);
        for (var i = 0; i < batch.Count; i++)
        {
            var envelope = batch[i];
            var dsn = _router.Resolve(envelope.Service);
            if (dsn is null)
            {
                WithoutDsn.Add(1, new KeyValuePair<string, object?>("exporter", _id));
                if (_servicesWithoutDsn.TryAdd(envelope.Service, 0)) SentryExporterLog.NoDsn(_logger, _id, envelope.Service);
                outcome.Fail(i, retryable: false, "no_dsn", $"no DSN matches service '{envelope.Service}'", null);
                continue;
            }

            if (_limits.IsLimited(dsn, out var remaining))
            {
                outcome.Fail(i, retryable: true, "rate_limited", $"Sentry rate limit for another {remaining}", dsn, remaining);
                continue;
            }

            if (unavailable is not null && unavailable.Contains(dsn))
            {
                // Already failed in this batch: waiting for its timeout once per event would stall the other DSNs.
                outcome.Fail(i, retryable: true, "unavailable", "Sentry did not answer earlier in this batch", dsn);
                continue;
            }

            var body = envelopes.Write(envelope, EnvelopeTime.UnixNanoNow(_time));
            if (envelopes.PayloadLength > MaxEventBytes || body.Length > MaxCompressedEventBytes)
            {
                SentryExporterLog.TooLarge(_logger, _id, envelopes.PayloadLength);
                outcome.Fail(i, retryable: false, "too_large", $"event of {envelopes.PayloadLength} bytes is over Sentry's limit", dsn);
                continue;
            }

            var answer = await _transport.SendAsync(dsn, body, cancellationToken);
            if (answer.ErrorDelay is { } delay)
            {
                _limits.Limit(dsn, delay);
                SentryExporterLog.RateLimited(_logger, _id, dsn.ToString(), delay);
            }

            if (answer.Accepted) continue;
            if (answer.Status == 429)
            {
                outcome.Fail(i, retryable: true, "rate_limited", answer.Detail ?? "429", dsn, answer.ErrorDelay ?? SentryRateLimitHeaders.DefaultDelay);
            }
            else if (answer.Retryable)
            {
                (unavailable ??= []).Add(dsn);
                SentryExporterLog.Unavailable(_logger, _id, dsn.ToString(), answer.Detail ?? answer.Status.ToString(System.Globalization.CultureInfo.InvariantCulture));
                outcome.Fail(i, retryable: true, "unavailable", answer.Detail ?? "no answer", dsn);
            }
            else
            {
                SentryExporterLog.Refused(_logger, _id, dsn.ToString(), answer.Detail ?? answer.Status.ToString(System.Globalization.CultureInfo.InvariantCulture));
                outcome.Fail(i, retryable: false, answer.Status == 413 ? "too_large" : "refused", answer.Detail ?? "refused", dsn);
            }
        }

        return outcome.ToResult();
    }

    public void Dispose() => _http.Dispose();
}
