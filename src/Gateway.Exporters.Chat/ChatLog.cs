using Microsoft.Extensions.Logging;

namespace Gateway.Exporters.Chat;

/// <summary>The chat exporters' own log lines. Never an event's content: only ids, counts and the platform's answers.</summary>
internal static partial class ChatLog
{
    [LoggerMessage(EventId = 5001, Level = LogLevel.Error, Message = "Exporter {Exporter}: {Platform} refused a message ({Reason}); it is not sent again. Check the template and limits.")]
    public static partial void Rejected(ILogger logger, string exporter, string platform, string? reason);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "Exporter {Exporter}: {Platform} rate limit, waiting {Delay} before posting again")]
    public static partial void Throttled(ILogger logger, string exporter, string platform, TimeSpan delay);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Warning, Message = "Exporter {Exporter}: posting to {Platform} failed ({Reason}); it will be tried again")]
    public static partial void PostFailed(ILogger logger, string exporter, string platform, string? reason);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Warning, Message = "Exporter {Exporter}: a summary of {Count} event(s) could not be posted at shutdown ({Reason})")]
    public static partial void SummaryLost(ILogger logger, string exporter, int count, string? reason);

    [LoggerMessage(EventId = 5005, Level = LogLevel.Information, Message = "Exporter {Exporter}: config has Sentry exporter {Sentry}, but no sentry_url is set, so messages carry no \"Open in Sentry\" link; add e.g. sentry_url: https://my-org.sentry.io")]
    public static partial void SentryUrlMissing(ILogger logger, string exporter, string sentry);

    [LoggerMessage(EventId = 5006, Level = LogLevel.Error, Message = "Exporter {Exporter}: the summary loop failed")]
    public static partial void SummaryLoopFailed(ILogger logger, string exporter, Exception exception);
}
