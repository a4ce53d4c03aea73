using Microsoft.Extensions.Logging;

namespace Gateway.Exporters.Elasticsearch.Diagnostics;

/// <summary>The exporter's own log lines (event ids 3100-3199). Never a document's content: only counts, types and names.</summary>
public static partial class ElasticsearchLog
{
    [LoggerMessage(EventId = 3100, Level = LogLevel.Information, Message = "{Exporter}: Elasticsearch set-up done: index template {Template} (priority {Priority}) for {Patterns}, ILM policy {Policy}")]
    public static partial void SetupDone(ILogger logger, string exporter, string template, int priority, string patterns, string policy);

    [LoggerMessage(EventId = 3101, Level = LogLevel.Error, Message = "{Exporter}: Elasticsearch refused {Step} with HTTP {Status} {ErrorType}: {Reason}. {Advice} The gateway keeps running; documents go to the cluster with whatever templates it has")]
    public static partial void SetupRefused(ILogger logger, string exporter, string step, int status, string errorType, string reason, string advice);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Warning, Message = "{Exporter}: Elasticsearch set-up could not run ({Reason}); it runs again before the next export, and events wait in the queue until then")]
    public static partial void SetupDeferred(ILogger logger, string exporter, string reason);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Warning, Message = "{Exporter}: endpoint {Endpoint} failed ({Reason}); it is out of rotation until its back-off (dead_timeout, growing with each failure) has passed and a ping answers; the request went to {Next}")]
    public static partial void EndpointFailed(ILogger logger, string exporter, string endpoint, string reason, string next);

    [LoggerMessage(EventId = 3104, Level = LogLevel.Warning, Message = "{Exporter}: {Count} document(s) were stored in the failure store ({Index}) instead of the data stream: a mapping problem. Inspect them with FROM <data stream>::failures and fix the mapping or the sender")]
    public static partial void FailureStoreUsed(ILogger logger, string exporter, int count, string index);

    [LoggerMessage(EventId = 3105, Level = LogLevel.Warning, Message = "{Exporter}: Elasticsearch rejected {Count} document(s) permanently (first: {ErrorType} in {Index}); they go to the dead-letter file with the reason")]
    public static partial void DocumentsRejected(ILogger logger, string exporter, int count, string errorType, string index);

    [LoggerMessage(EventId = 3106, Level = LogLevel.Warning, Message = "{Exporter}: a _bulk request of {Bytes} bytes was too large for the cluster (HTTP 413); sending it in halves. Lower batch.max_bytes below the cluster's http.max_content_length")]
    public static partial void RequestTooLarge(ILogger logger, string exporter, int bytes);
}
