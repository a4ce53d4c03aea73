using System.Diagnostics;
using Gateway.Exporters.Elasticsearch.Bulk;
using Microsoft.Extensions.Logging;

namespace Gateway.Exporters.Elasticsearch.Diagnostics;

/// <summary>Counts and logs what a batch's answers showed beyond delivered/failed: duplicates, failure-store use, rejections.</summary>
public static class BulkOutcomeReport
{
    public static void Write(BulkOutcome outcome, string exporter, ILogger logger)
    {
        var tags = new TagList { { "exporter", exporter } };
        if (outcome.Duplicates > 0) ElasticsearchMetrics.DuplicateDocuments.Add(outcome.Duplicates, tags);
        if (outcome.FailureStored > 0)
        {
            ElasticsearchMetrics.FailureStoreDocuments.Add(outcome.FailureStored, tags);
            ElasticsearchLog.FailureStoreUsed(logger, exporter, outcome.FailureStored, outcome.FailureStoreIndex ?? "?");
        }

        var rejected = 0;
        ItemFailure? firstRejected = null;
        foreach (var failure in outcome.Failures)
        {
            if (failure.Retryable) continue;
            rejected++;
            firstRejected ??= failure;
        }

        if (firstRejected is { } sample)
        {
            ElasticsearchMetrics.RejectedDocuments.Add(rejected, tags);
            ElasticsearchLog.DocumentsRejected(logger, exporter, rejected, sample.ErrorType, sample.Target ?? "?");
        }
    }
}
