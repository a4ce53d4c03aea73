using Gateway.Envelope;
using Gateway.Exporters;
using Microsoft.Extensions.Logging;

namespace Gateway.Pipeline;

/// <summary>
/// Settles one leased batch with one exporter: sends it, retries what may be retried with backoff (honouring the
/// destination's Retry-After), acknowledges what was delivered and dead-letters what never will be. Exporters only
/// report outcomes; every retry decision is made here. One event the exporter cannot take never holds up the others:
/// when the exporter throws on a batch (other than a transient error, see <see cref="ExporterExceptions"/>), the batch
/// is split in halves until the events it throws on alone are found; they are dead-lettered with the exception, the
/// rest is delivered. That costs about 2·log2(n) extra calls per such event and never more than 2n in all.
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
            catch (Exception) when (abort.IsCancellationRequested)
            {
                // The stop owns the batch now (a disposed exporter may throw anything once cancelled).
                return pending;
            }
            catch (Exception e) when (!ExporterExceptions.IsTransient(e))
            {
                var split = await SplitAsync(pending, e, abort).ConfigureAwait(false);
                if (split.Aborted || split.Retry.Length == 0)
                {
                    if (!split.Aborted) Health.MarkDelivered();
                    return split.Retry;
                }

                pending = split.Retry;
                result = ExportResult.Retryable(split.RetryReason ?? "failed", split.RetryAfter);
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

    /// <summary>
    /// Finds the events of <paramref name="batch"/> the exporter throws on (it just did, with <paramref name="first"/>):
    /// halves are sent on their own, a half that throws is halved again, and an event that throws when sent alone is
    /// dead-lettered. A batch of one is sent alone once more: one throw may be chance, two in a row are not.
    /// Everything else is settled as its own result says; what may be retried comes back in <see cref="SplitOutcome.Retry"/>.
    /// </summary>
    private async ValueTask<SplitOutcome> SplitAsync(ReadOnlyMemory<EventEnvelope> batch, Exception first, CancellationToken abort)
    {
        RuntimeLog.ExporterThrewSplitting(_logger, _exporter, batch.Length, first);
        var ranges = new Stack<(int Start, int Length)>();
        PushHalves(ranges, 0, batch.Length);
        var retry = new List<EventEnvelope>();
        string? retryReason = null;
        TimeSpan? retryAfter = null;
        string? isolatedReason = null;
        var isolated = 0;
        var calls = 0;
        while (ranges.TryPop(out var range))
        {
            var slice = batch.Slice(range.Start, range.Length);
            calls++;
            ExportResult result;
            try
            {
                result = await _target.ExportAsync(new EventBatch(slice), abort).ConfigureAwait(false);
            }
            catch (Exception) when (abort.IsCancellationRequested)
            {
                // Unsettled, in batch order: what waits for a retry, this slice, and the ranges not tried yet.
                retry.AddRange(slice.Span);
                while (ranges.TryPop(out var rest)) retry.AddRange(batch.Slice(rest.Start, rest.Length).Span);
                return new SplitOutcome(retry.ToArray(), Aborted: true, retryReason, retryAfter);
            }
            catch (Exception e) when (!ExporterExceptions.IsTransient(e))
            {
                if (range.Length > 1)
                {
                    PushHalves(ranges, range.Start, range.Length);
                    continue;
                }

                var type = e.GetType();
                var entry = new DeadLetterEntry(DeadLetterReasons.ExporterError, $"the exporter threw {type.Name} on this event sent alone: {e.Message}", type.FullName ?? type.Name);
                await _deadLetters.WriteAsync(_exporter, entry, slice).ConfigureAwait(false);
                PipelineMetrics.Isolated.Add(1, _exporterTag);
                isolatedReason ??= $"{type.Name}: {e.Message}";
                isolated++;
                continue;
            }
            catch (Exception e)
            {
                RuntimeLog.ExporterThrew(_logger, _exporter, e);
                result = ExportResult.Retryable($"{e.GetType().Name}: {e.Message}");
            }

            switch (result.Outcome)
            {
                case ExportOutcome.Success:
                    PipelineMetrics.Sent.Add(slice.Length, _exporterTag);
                    break;
                case ExportOutcome.Permanent:
                    await GiveUpAsync(slice, new DeadLetterEntry(DeadLetterReasons.Permanent, result.Reason ?? "refused", DeadLetterReasons.Permanent)).ConfigureAwait(false);
                    break;
                case ExportOutcome.Partial:
                    retry.AddRange((await SettlePartialAsync(slice, result.ItemFailures).ConfigureAwait(false)).Span);
                    break;
                default:
                    retry.AddRange(slice.Span);
                    break;
            }

            if (result.Outcome is ExportOutcome.Retryable or ExportOutcome.Partial)
            {
                retryReason ??= result.Reason;
                if (result.RetryAfter > retryAfter || (retryAfter is null && result.RetryAfter is not null)) retryAfter = result.RetryAfter;
            }
        }

        RuntimeLog.Isolated(_logger, _exporter, isolated, batch.Length, isolatedReason ?? "none", calls, retry.Count);
        return new SplitOutcome(retry.ToArray(), Aborted: false, retryReason, retryAfter);
    }

    /// <summary>Pushes the two halves (the first on top, so the batch is worked through in order), or a single event as it is.</summary>
    private static void PushHalves(Stack<(int Start, int Length)> ranges, int start, int length)
    {
        if (length == 1)
        {
            ranges.Push((start, 1));
            return;
        }

        var half = length / 2;
        ranges.Push((start + half, length - half));
        ranges.Push((start, half));
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

    /// <param name="Retry">What is left to retry (or, when <paramref name="Aborted"/>, everything not settled).</param>
    private readonly record struct SplitOutcome(EventEnvelope[] Retry, bool Aborted, string? RetryReason, TimeSpan? RetryAfter);
}
