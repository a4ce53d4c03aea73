using Microsoft.Extensions.Logging;

namespace Gateway.Exporters.Sentry;

/// <summary>The Sentry exporter's own log lines; they name DSNs by host and project only, never keys or payloads.</summary>
internal static partial class SentryExporterLog
{
    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning, Message = "Sentry exporter {Exporter}: no DSN for service '{Service}' (add it to dsn_by_service or set dsn); its events are counted in gateway_sentry_events_without_dsn and dead-lettered. Logged once per service")]
    public static partial void NoDsn(ILogger logger, string exporter, string service);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Warning, Message = "Sentry exporter {Exporter}: {Dsn} is rate limiting error events for {Delay}")]
    public static partial void RateLimited(ILogger logger, string exporter, string dsn, TimeSpan delay);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Error, Message = "Sentry exporter {Exporter}: {Dsn} refused an event ({Detail}); it will not be retried")]
    public static partial void Refused(ILogger logger, string exporter, string dsn, string detail);

    [LoggerMessage(EventId = 4104, Level = LogLevel.Warning, Message = "Sentry exporter {Exporter}: {Dsn} did not take events ({Detail}); they stay queued for retry")]
    public static partial void Unavailable(ILogger logger, string exporter, string dsn, string detail);

    [LoggerMessage(EventId = 4105, Level = LogLevel.Error, Message = "Sentry exporter {Exporter}: an event of {Bytes} bytes is over Sentry's event size limit; it is dead-lettered")]
    public static partial void TooLarge(ILogger logger, string exporter, int bytes);
}
