using Gateway.Envelope;
using Gateway.Exporters;
using Microsoft.Extensions.Logging;

namespace Gateway.Pipeline;

/// <summary>
/// Settles one leased batch with one exporter: sends it, retries what may be retried with backoff (honouring the
/// destination's Retry-After), acknowledges what was delivered and dead-letters what never will be. Exporters only
/// report outcomes; every retry decision is made here.
/// </summary>
public sealed class BatchDelivery
{
    private readonly string _exporter;
    private readonly KeyValuePair<string, object?> _exporterTag;
    private readonly IEventExporter _target;
    private readonly RetryOptions _retry;
    private readonly RetryBackoff _backoff;
    private readonly DeadLetterFile _deadLetters;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public BatchDelivery(string exporter, IEventExporter target, RetryOptions retry, Random random, DeadLetterFile deadLetters, TimeProvider time, ILogger logger)
    {
        _exporter = exporter;
        _exporterTag = new KeyValuePair<string, object?>("exporter", exporter);
        _target = target;
        _retry = retry;
        _backoff = new RetryBackoff(retry, random);
        _deadLetters = deadLetters;
        _time = time;
        _logger = logger;
    }

    /// <summary>Ok, or retrying since the first failed attempt: what the readiness endpoint shows.</summary>
    public ExporterHealth Health { get; } = new();

    /// <summary>
    /// Returns what is still undelivered because <paramref name="abort"/> fired (empty when the batch is settled:
    /// delivered or dead-lettered).
    /// </summary>
    public async ValueTask<ReadOnlyMemory<EventEnvelope>> DeliverAsync(EventEnvelope[] batch, CancellationToken abort)
    {
        ReadOnlyMemory<EventEnvelope> pending = batch;
        var started = _time.GetTimestamp();
        for (var attempt = 0; ; attempt++)
        {
            ExportResult result;
            try
            {
                result = await _target.ExportAsync(new EventBatch(pending), abort).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (abort.IsCancellationRequested)
            {
                return pending;
            }
            catch (Exception e)
            {
                RuntimeLog.ExporterThrew(_logger, _exporter, e);
                result = ExportResult.Retryable($"{e.GetType().Name}: {e.Message}");
            }

            switch (result.Outcome)
            {
                case ExportOutcome.Success:
                    Health.MarkDelivered();
                    PipelineMetrics.Sent.Add(pending.Length, _exporterTag);
                    return ReadOnlyMemory<EventEnvelope>.Empty;
                case ExportOutcome.Permanent:
                    // The destination answered and refused: it is reachable, nothing is being retried.
                    Health.MarkDelivered();
                    await GiveUpAsync(pending, new DeadLetterEntry(DeadLetterReasons.Permanent, result.Reason ?? "refused", DeadLetterReasons.Permanent)).ConfigureAwait(false);
                    return ReadOnlyMemory<EventEnvelope>.Empty;
                case ExportOutcome.Partial:
                    pending = await SettlePartialAsync(pending, result.ItemFailures).ConfigureAwait(false);
                    if (pending.IsEmpty)
                    {
                        Health.MarkDelivered();
                        return pending;
                    }

                    break;
            }

            var reason = result.Reason ?? "failed";
            if (!_retry.Enabled)
            {
                await GiveUpAsync(pending, new DeadLetterEntry(DeadLetterReasons.RetryDisabled, reason, DeadLetterReasons.RetryDisabled)).ConfigureAwait(false);
                return ReadOnlyMemory<EventEnvelope>.Empty;
            }

            var delay = _backoff.Next(attempt, result.RetryAfter);
            var elapsed = _time.GetElapsedTime(started);
            if (_retry.MaxElapsedTime > TimeSpan.Zero && elapsed + delay > _retry.MaxElapsedTime)
            {
                var entry = new DeadLetterEntry(DeadLetterReasons.RetryExhausted, $"still failing after {attempt + 1} attempt(s) over {elapsed:g} (retry.max_elapsed_time {_retry.MaxElapsedTime:g}): {reason}", DeadLetterReasons.RetryExhausted);
                await GiveUpAsync(pending, entry).ConfigureAwait(false);
                return ReadOnlyMemory<EventEnvelope>.Empty;
            }

            Health.MarkRetrying(reason, _time.GetUtcNow());
            RuntimeLog.Retrying(_logger, _exporter, pending.Length, reason, attempt + 1, delay);
            try
            {
                await Task.Delay(delay, _time, abort).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return pending;
            }
        }
    }

    /// <summary>Acknowledges the delivered items, dead-letters the refused ones and returns those worth retrying.</summary>
    private async ValueTask<ReadOnlyMemory<EventEnvelope>> SettlePartialAsync(ReadOnlyMemory<EventEnvelope> sent, IReadOnlyList<ItemFailure> failures)
    {
        var failed = new bool[sent.Length];
        var retry = new List<EventEnvelope>();
        var failedCount = 0;
        string? firstRejection = null;
        var rejected = 0;
        foreach (var failure in failures)
        {
            if ((uint)failure.Index >= (uint)sent.Length || failed[failure.Index]) continue;
            failed[failure.Index] = true;
            failedCount++;
            var envelope = sent.Span[failure.Index];
            if (failure.Retryable)
            {
                retry.Add(envelope);
                continue;
            }

            // Each refused item keeps its own error in the dead-letter file; the log gets one line per batch.
            var entry = new DeadLetterEntry(DeadLetterReasons.ItemRejected, failure.Reason, failure.ErrorType, failure.Target);
            await _deadLetters.WriteAsync(_exporter, entry, new[] { envelope }).ConfigureAwait(false);
            firstRejection ??= $"{failure.ErrorType}: {failure.Reason}";
            rejected++;
        }

        if (firstRejection is not null) RuntimeLog.GaveUp(_logger, _exporter, rejected, DeadLetterReasons.ItemRejected, firstRejection);

        PipelineMetrics.Sent.Add(sent.Length - failedCount, _exporterTag);
        return retry.ToArray();
    }

    private async ValueTask GiveUpAsync(ReadOnlyMemory<EventEnvelope> envelopes, DeadLetterEntry entry)
    {
        RuntimeLog.GaveUp(_logger, _exporter, envelopes.Length, entry.Code, entry.Reason);
        await _deadLetters.WriteAsync(_exporter, entry, envelopes).ConfigureAwait(false);
    }
}
