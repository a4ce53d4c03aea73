using System.Text.Json;
using Elastic.Transport;
using Gateway.Exporters.Elasticsearch.Bulk;
using Gateway.Exporters.Elasticsearch.Configuration;
using Gateway.Exporters.Elasticsearch.Diagnostics;
using Gateway.Exporters.Elasticsearch.Query;
using Gateway.Exporters.Elasticsearch.Setup;
using Gateway.Exporters.Elasticsearch.Targets;
using Gateway.Exporters.Elasticsearch.Transport;
using Microsoft.Extensions.Logging;

namespace Gateway.Exporters.Elasticsearch;

/// <summary>
/// Sends a batch as <c>_bulk</c> requests (split to respect <c>batch.max_bytes</c>) and reports what Elasticsearch
/// said about every item. It never retries, queues or dead-letters by itself: the shared exporter wrapper does that
/// from the result. Nothing is reported delivered that Elasticsearch did not confirm.
/// </summary>
public sealed class ElasticsearchExporter : IEventExporter, IStartableExporter, IDisposable
{
    private static readonly JsonDocumentOptions ResponseOptions = new() { MaxDepth = 64 };
    private readonly string _id;
    private readonly ElasticsearchExporterOptions _options;
    private readonly ILogger _logger;
    private readonly ElasticsearchTransport _transport;
    private readonly DocumentTargets _targets;
    private readonly IndexTemplateInstaller _installer;
    private readonly SemaphoreSlim _setupGate = new(1, 1);
    private readonly string _bulkPath;
    private readonly bool _gzip;
    private readonly RequestConfiguration _bulkRequest;
    private bool _setupSettled;
    private bool _setupDeferralLogged;

    public ElasticsearchExporter(string id, ElasticsearchExporterOptions options, ILogger logger, TimeProvider time)
    {
        _id = id;
        _options = options;
        _logger = logger;
        _transport = new ElasticsearchTransport(options, time, logger, id);
        _targets = new DocumentTargets(options);
        _installer = new IndexTemplateInstaller(_transport, options);
        _setupSettled = !options.Setup.Enabled;
        _bulkPath = "_bulk?filter_path=" + BulkResponseReader.FilterPath;
        _gzip = options.Compression == BodyCompression.Gzip;
        _bulkRequest = ElasticsearchTransport.NdJsonRequest(_gzip);
        if (options.Query.Enabled) Query = new EventQueryApi(_transport, options.Query, _installer.IndexPatterns);
    }

    /// <summary>The query API over what this exporter stored, or null unless <c>query.enabled</c>.</summary>
    public EventQueryApi? Query { get; }

    public string Id => _id;

    public async Task StartAsync(CancellationToken cancellationToken) => await RunSetupAsync(cancellationToken);

    public async ValueTask<ExportResult> ExportAsync(EventBatch batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 0) return ExportResult.Success();
        if (!Volatile.Read(ref _setupSettled))
        {
            // Writing before the templates exist would create the data stream with the built-in mappings for good.
            var setup = await RunSetupAsync(cancellationToken);
            if (setup is { Status: SetupStatus.Unreachable }) return ExportResult.Retryable($"Elasticsearch set-up not done yet: {setup.Reason}");
        }

        using var body = new BulkRequestBody(_options.Mapping, batch.Count);
        foreach (var envelope in batch) body.Append(envelope, _targets.For(envelope));
        var outcome = new BulkOutcome();
        var whole = await SendAllAsync(body, outcome, cancellationToken);
        BulkOutcomeReport.Write(outcome, _id, _logger);
        if (whole is { } failure) return failure;
        return ExportResult.Partial(outcome.Failures, outcome.RetryAfter);
    }

    public void Dispose()
    {
        _transport.Dispose();
        _setupGate.Dispose();
    }

    /// <summary>Sends every slice in order; returns a whole-batch result when the first slice failed as a request.</summary>
    private async Task<ExportResult?> SendAllAsync(BulkRequestBody body, BulkOutcome outcome, CancellationToken cancellationToken)
    {
        var ranges = new Stack<(int First, int End)>();
        var slices = new List<(int First, int End)>();
        for (var first = 0; first < body.Count;)
        {
            var end = body.SliceEnd(first, _options.Batch.MaxBytes.Bytes);
            slices.Add((first, end));
            first = end;
        }

        for (var i = slices.Count - 1; i >= 0; i--) ranges.Push(slices[i]);
        var anyAnswered = false;
        while (ranges.TryPop(out var range))
        {
            var failure = await SendSliceAsync(body, range.First, range.End, outcome, cancellationToken);
            if (failure is null)
            {
                anyAnswered = true;
                continue;
            }

            var (result, tooLarge) = failure.Value;
            if (tooLarge && range.End - range.First > 1)
            {
                var middle = range.First + ((range.End - range.First) / 2);
                ranges.Push((middle, range.End));
                ranges.Push((range.First, middle));
                continue;
            }

            // Nothing answered yet: the batch failed as a whole (Retryable or Permanent as the request did).
            if (!anyAnswered && !tooLarge && outcome.Failures.Count == 0) return result;

            // Earlier slices were answered: report this slice and every later one item by item.
            var retryable = result.Outcome == ExportOutcome.Retryable;
            var reason = result.Reason ?? "request failed";
            outcome.RetryAfter ??= result.RetryAfter;
            AddRangeFailures(body, range.First, range.End, retryable, tooLarge ? "document_too_large" : "request_failed", reason, outcome);
            if (tooLarge) continue;
            while (ranges.TryPop(out var rest)) AddRangeFailures(body, rest.First, rest.End, retryable, "request_failed", reason, outcome);
        }

        return null;
    }

    private async Task<(ExportResult Result, bool TooLarge)?> SendSliceAsync(BulkRequestBody body, int first, int end, BulkOutcome outcome, CancellationToken cancellationToken)
    {
        var slice = body.Slice(first, end);
        ElasticsearchResponse response;
        try
        {
            // The gateway's own NDJSON bytes, as they are: the client only compresses and sends them.
            response = await _transport.SendAsync(Elastic.Transport.HttpMethod.POST, _bulkPath, _gzip ? GzippedBody.Of(slice) : PostData.ReadOnlyMemory(slice), _bulkRequest, cancellationToken);
        }
        catch (ElasticsearchUnavailableException e)
        {
            return (ExportResult.Retryable(e.Message), false);
        }

        if (response.IsSuccess && !response.IsElasticsearch)
        {
            // The client's product check, applied to the bulk path too: a 2xx from something that is not Elasticsearch
            // (a proxy's landing page, another product) must not count as stored.
            return (ExportResult.Permanent($"{response.Endpoint} answered HTTP {response.Status} without X-Elastic-Product: Elasticsearch: it is not Elasticsearch, or a proxy in between drops that header; check endpoints"), false);
        }

        if (response.IsSuccess)
        {
            try
            {
                using var document = JsonDocument.Parse(response.Body, ResponseOptions);
                BulkResponseReader.Read(document.RootElement, body, first, end, outcome);
                return null;
            }
            catch (JsonException e)
            {
                return (ExportResult.Retryable($"unreadable _bulk response from {response.Endpoint}: {e.Message}"), false);
            }
        }

        var error = response.Error;
        var retryAfter = response.RetryDelay(_transport.Time);
        return response.Status switch
        {
            413 => LogTooLarge(slice.Length, error),
            408 or 429 or >= 500 => (ExportResult.Retryable($"HTTP {response.Status} {error}", retryAfter), false),
            401 => (ExportResult.Permanent($"HTTP 401 {error}: check api_key / username / password"), false),
            403 => (ExportResult.Permanent($"HTTP 403 {error}: the user or API key needs the create_doc (or create) and auto_configure privileges on the target indices"), false),
            404 => (ExportResult.Permanent($"HTTP 404 {error}: check that the endpoint URL points at Elasticsearch"), false),
            _ => (ExportResult.Permanent($"HTTP {response.Status} {error}"), false),
        };
    }

    private (ExportResult, bool) LogTooLarge(int bytes, ElasticsearchError error)
    {
        ElasticsearchLog.RequestTooLarge(_logger, _id, bytes);
        return (ExportResult.Permanent($"HTTP 413 {error}: a single document is larger than the cluster's http.max_content_length"), true);
    }

    private static void AddRangeFailures(BulkRequestBody body, int first, int end, bool retryable, string type, string reason, BulkOutcome outcome)
    {
        for (var i = first; i < end; i++) outcome.Failures.Add(new ItemFailure(i, retryable, type, reason, body.TargetOf(i).Index));
    }

    private async Task<SetupResult?> RunSetupAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _setupSettled)) return null;
        await _setupGate.WaitAsync(cancellationToken);
        try
        {
            if (_setupSettled) return null;
            var result = await _installer.InstallAsync(cancellationToken);
            switch (result.Status)
            {
                case SetupStatus.Done:
                    var patterns = string.Join(", ", _installer.IndexPatterns);
                    ElasticsearchLog.SetupDone(_logger, _id, _installer.TemplateName, _options.Setup.Priority, patterns, _installer.IlmPolicy);
                    Volatile.Write(ref _setupSettled, true);
                    break;
                case SetupStatus.Refused:
                    var error = result.Error ?? new ElasticsearchError("error", result.Reason ?? string.Empty);
                    ElasticsearchLog.SetupRefused(_logger, _id, result.Step!.Description, result.HttpStatus, error.Type, error.Reason, IndexTemplateInstaller.AdviceFor(result.HttpStatus));
                    Volatile.Write(ref _setupSettled, true);
                    break;
                default:
                    if (!_setupDeferralLogged) ElasticsearchLog.SetupDeferred(_logger, _id, result.Reason ?? "unreachable");
                    _setupDeferralLogged = true;
                    break;
            }

            return result;
        }
        finally
        {
            _setupGate.Release();
        }
    }
}
