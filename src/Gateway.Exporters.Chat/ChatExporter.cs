using System.Buffers;
using System.Diagnostics;
using System.Net.Http.Headers;
using Gateway.Configuration;
using Gateway.Exporters.Chat.Delivery;
using Gateway.Exporters.Chat.Volume;
using Microsoft.Extensions.Logging;

namespace Gateway.Exporters.Chat;

/// <summary>
/// Posts what a route selects to one chat webhook, through the volume controller: the first event of a group is posted,
/// the rest are counted into one follow-up, and the rate limit holds back (and summarises) what would flood the channel.
/// Outcomes are reported honestly to the shared retry: what was posted is never reported as failed (so never resent),
/// a 429 leaves the rest of the batch retryable after the platform's delay, a refusal is a non-retryable item failure.
/// Summaries are posted by a loop on the injected clock, so they arrive when a window ends even if no event follows.
/// </summary>
public sealed class ChatExporter : IEventExporter, IAsyncDisposable
{
    /// <summary>How often the loop looks for windows that have ended.</summary>
    public static readonly TimeSpan SummaryTick = TimeSpan.FromSeconds(1);

    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };

    private readonly string _id;
    private readonly ChatPlatform _platform;
    private readonly ChatContentBuilder _content;
    private readonly VolumeController _volume;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly HttpClient _http;
    private readonly Uri _requestUri;
    private readonly WebhookGate _gate;
    private readonly TagList _tags;
    private readonly string _rejectedType;
    private readonly string _unavailableType;
    private readonly string _blockedReason;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _summaryLoop;
    private int _disposed;

    // Reused for every payload; only touched while holding the webhook gate.
    private readonly ArrayBufferWriter<byte> _payload = new(8 * 1024);

    public ChatExporter(ComponentId id, ChatExporterOptions options, ChatPlatform platform, TimeProvider time, ILogger logger)
    {
        _id = id.ToString();
        _platform = platform;
        _content = new ChatContentBuilder(options);
        _volume = new VolumeController(options.GroupBy, options.GroupWindow, options.RateLimit);
        _time = time;
        _logger = logger;
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = options.Timeout };
        _rejectedType = platform.Name + "_rejected";
        _unavailableType = platform.Name + "_unavailable";
        _blockedReason = "waiting out the rate limit of " + platform.Name;
        _requestUri = platform.RequestUri(new Uri(options.Url));
        _gate = WebhookGate.For(options.Url);
        _tags = new TagList { { "exporter", _id } };

        // The timer is made here, not in the loop, so that it counts from now even if the loop task starts late.
        var timer = new PeriodicTimer(SummaryTick, time);
        _summaryLoop = Task.Run(() => RunSummaryLoopAsync(timer));
    }

    /// <summary>Events counted in groups or held back that no summary has reported yet.</summary>
    public int PendingInSummaries => _volume.Pending;

    public async ValueTask<ExportResult> ExportAsync(EventBatch batch, CancellationToken cancellationToken)
    {
        await _gate.InFlight.WaitAsync(cancellationToken);
        try
        {
            List<ItemFailure>? failures = null;
            for (var i = 0; i < batch.Count; i++)
            {
                var now = _time.GetUtcNow();
                if (now < _gate.BlockedUntil) return RestRetryable(batch, i, failures, _gate.BlockedUntil - now, _blockedReason);

                var admission = _volume.Admit(batch[i], now);
                if (admission.Decision == VolumeDecision.Folded) { ChatMetrics.Folded.Add(1, _tags); continue; }
                if (admission.Decision == VolumeDecision.HeldBack) { ChatMetrics.HeldBack.Add(1, _tags); continue; }

                PostOutcome outcome;
                try
                {
                    outcome = await PostAsync(ChatNotice.ForEvent(batch[i]), cancellationToken);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    _volume.Cancel(admission);
                    throw;
                }

                if (outcome.Status == PostStatus.Rejected)
                {
                    (failures ??= []).Add(new ItemFailure(i, false, _rejectedType, outcome.Reason ?? "refused", _id));
                }
                else if (outcome.Status != PostStatus.Delivered)
                {
                    _volume.Cancel(admission);
                    return RestRetryable(batch, i, failures, outcome.WaitBeforeNext, outcome.Reason ?? outcome.Status.ToString());
                }
            }

            return failures is null ? ExportResult.Success() : ExportResult.Partial(failures);
        }
        finally
        {
            _gate.InFlight.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        await _stopping.CancelAsync();
        await _summaryLoop;

        // Windows that have not ended yet will never end now: say what they counted before going.
        using var shutdown = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await PostDueSummariesAsync(everything: true, shutdown.Token);
        }
        catch (OperationCanceledException)
        {
            ChatLog.SummaryLost(_logger, _id, _volume.Pending, "shutdown timeout");
        }

        _http.Dispose();
        _stopping.Dispose();
    }

    private ExportResult RestRetryable(EventBatch batch, int from, List<ItemFailure>? failures, TimeSpan? retryAfter, string reason)
    {
        failures ??= new List<ItemFailure>(batch.Count - from);
        for (var i = from; i < batch.Count; i++) failures.Add(new ItemFailure(i, true, _unavailableType, reason, _id));
        return ExportResult.Partial(failures, retryAfter);
    }

    private async Task RunSummaryLoopAsync(PeriodicTimer timer)
    {
        using var _ = timer;
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token))
            {
                try
                {
                    await PostDueSummariesAsync(everything: false, _stopping.Token);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    ChatLog.SummaryLoopFailed(_logger, _id, exception);
                }
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
    }

    private async Task PostDueSummariesAsync(bool everything, CancellationToken cancellationToken)
    {
        var due = new List<ChatNotice>();
        await _gate.InFlight.WaitAsync(cancellationToken);
        try
        {
            var now = _time.GetUtcNow();
            if (!everything && now < _gate.BlockedUntil) return;
            _volume.TakeDue(now, everything, due);
            for (var i = 0; i < due.Count; i++)
            {
                var outcome = await PostAsync(due[i], cancellationToken);
                if (outcome.Status is PostStatus.Delivered or PostStatus.Rejected) continue;
                if (everything)
                {
                    ChatLog.SummaryLost(_logger, _id, due[i].Count, outcome.Reason);
                    continue;
                }

                // Put back this one and the rest, newest first, so they keep their order at the front of the queue.
                for (var j = due.Count - 1; j >= i; j--) _volume.Return(due[j]);
                return;
            }
        }
        finally
        {
            _gate.InFlight.Release();
        }
    }

    private async Task<PostOutcome> PostAsync(ChatNotice notice, CancellationToken cancellationToken)
    {
        _payload.ResetWrittenCount();
        _platform.WritePayload(_content.Build(notice), _payload);
        var now = _time.GetUtcNow();
        PostOutcome outcome;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, _requestUri) { Content = new ReadOnlyMemoryContent(_payload.WrittenMemory) };
            request.Content.Headers.ContentType = Json;
            _platform.AddHeaders(request.Headers, _payload.WrittenSpan, now);
            using var response = await _http.SendAsync(request, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            outcome = _platform.Interpret(response, body, _time.GetUtcNow());
        }
        catch (Exception exception) when (exception is HttpRequestException || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            outcome = new PostOutcome(PostStatus.Failed, exception is OperationCanceledException ? "timed out" : exception.Message);
        }

        // Counted from when the post was sent: the platform's clock started then, and it keeps the wait independent of how
        // long reading the answer took.
        if (outcome.WaitBeforeNext is { } wait && outcome.Status is PostStatus.Delivered or PostStatus.Throttled) _gate.BlockedUntil = now + wait;
        switch (outcome.Status)
        {
            case PostStatus.Delivered:
                ChatMetrics.Posted.Add(1, _tags);
                break;
            case PostStatus.Rejected:
                ChatMetrics.Rejected.Add(1, _tags);
                ChatLog.Rejected(_logger, _id, _platform.Name, outcome.Reason);
                break;
            case PostStatus.Throttled:
                ChatMetrics.Throttled.Add(1, _tags);
                ChatLog.Throttled(_logger, _id, _platform.Name, outcome.WaitBeforeNext ?? TimeSpan.Zero);
                break;
            default:
                ChatLog.PostFailed(_logger, _id, _platform.Name, outcome.Reason);
                break;
        }

        return outcome;
    }
}
