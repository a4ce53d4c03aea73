using Microsoft.Extensions.Logging;

namespace Gateway.Pipeline;

/// <summary>The runtime's own log lines (event ids 1100-1149); none carries an event payload.</summary>
internal static partial class RuntimeLog
{
    [LoggerMessage(EventId = 1100, Level = LogLevel.Warning, Message = "Exporter {Exporter}: {Count} event(s) not delivered ({Reason}); retry {Attempt} in {Delay}")]
    public static partial void Retrying(ILogger logger, string exporter, int count, string reason, int attempt, TimeSpan delay);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Error, Message = "Exporter {Exporter}: gave up on {Count} event(s) ({Code}: {Reason}); they are in the dead-letter file")]
    public static partial void GaveUp(ILogger logger, string exporter, int count, string code, string reason);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning, Message = "{Count} event(s) matched no route since the last report and were discarded; add a route named 'default' to keep them")]
    public static partial void Unrouted(ILogger logger, long count);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Error, Message = "Exporter {Exporter} threw a transient error instead of returning a result; retrying")]
    public static partial void ExporterThrew(ILogger logger, string exporter, Exception exception);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Error, Message = "Exporter {Exporter} failed its start-up work; its queue keeps events until the destination works")]
    public static partial void StartFailed(ILogger logger, string exporter, Exception exception);

    [LoggerMessage(EventId = 1105, Level = LogLevel.Error, Message = "Could not write {Count} event(s) to the dead-letter file {Path}; they are lost")]
    public static partial void DeadLetterWriteFailed(ILogger logger, int count, string path, Exception exception);

    [LoggerMessage(EventId = 1106, Level = LogLevel.Information, Message = "Exporter {Exporter} is not named by any route and will not be started")]
    public static partial void NotRouted(ILogger logger, string exporter);

    [LoggerMessage(EventId = 1107, Level = LogLevel.Information, Message = "Stopped: every queue drained")]
    public static partial void Drained(ILogger logger);

    [LoggerMessage(EventId = 1108, Level = LogLevel.Warning, Message = "Stopped after {Timeout}: exporter {Exporter} left {DeadLettered} event(s) in the dead-letter file and {Stuck} in flight")]
    public static partial void Undelivered(ILogger logger, TimeSpan timeout, string exporter, int deadLettered, int stuck);

    [LoggerMessage(EventId = 1109, Level = LogLevel.Warning, Message = "Stopped after {Timeout}: exporter {Exporter} keeps {Count} undelivered event(s) in its persistent queue; they are delivered after the next start")]
    public static partial void KeptOnDisk(ILogger logger, TimeSpan timeout, string exporter, int count);

    [LoggerMessage(EventId = 1110, Level = LogLevel.Error, Message = "Exporter {Exporter} threw on a batch of {Count} event(s); splitting it to find the event(s) it cannot take")]
    public static partial void ExporterThrewSplitting(ILogger logger, string exporter, int count, Exception exception);

    [LoggerMessage(EventId = 1111, Level = LogLevel.Error, Message = "Exporter {Exporter}: {Isolated} of {Count} event(s) made it throw even when sent alone and went to the dead-letter file (first: {Reason}); the batch took {Calls} call(s) to split, {Retrying} event(s) wait for a retry")]
    public static partial void Isolated(ILogger logger, string exporter, int isolated, int count, string reason, int calls, int retrying);

    [LoggerMessage(EventId = 1112, Level = LogLevel.Error, Message = "Exporter {Exporter}: {Count} event(s) could not be written whole to the dead-letter file {Path}; their lines hold id, name, time, service and the error")]
    public static partial void DeadLetterIncomplete(ILogger logger, string exporter, int count, string path, Exception exception);

    [LoggerMessage(EventId = 1113, Level = LogLevel.Critical, Message = "Exporter {Exporter}: a worker failed unexpectedly on a batch of {Count} event(s); they went to the dead-letter file and the worker goes on")]
    public static partial void WorkerFailed(ILogger logger, string exporter, int count, Exception exception);
}
