using Microsoft.Extensions.Logging;

namespace Gateway.Exporters.Otlp.LoadBalancing;

internal static partial class LoadBalancingLog
{
    [LoggerMessage(EventId = 6101, Level = LogLevel.Information, Message = "Exporter {Exporter}: backends are now {Backends} (joined: {Joined}; left: {Left})")]
    public static partial void BackendsChanged(ILogger logger, string exporter, string backends, string joined, string left);

    [LoggerMessage(EventId = 6102, Level = LogLevel.Warning, Message = "Exporter {Exporter}: looking up {Hostname} failed ({Reason}); the backends stay {Backends}")]
    public static partial void LookupFailed(ILogger logger, string exporter, string hostname, string reason, string backends);

    [LoggerMessage(EventId = 6103, Level = LogLevel.Warning, Message = "Exporter {Exporter}: {Hostname} has no A or AAAA record; the backends stay {Backends} (events wait in the queue while there are none)")]
    public static partial void NoRecords(ILogger logger, string exporter, string hostname, string backends);

    [LoggerMessage(EventId = 6104, Level = LogLevel.Information, Message = "Exporter {Exporter}: backend {Backend} left with {Count} event(s) it had not taken; they go to the remaining backends")]
    public static partial void HandedOver(ILogger logger, string exporter, string backend, int count);
}
