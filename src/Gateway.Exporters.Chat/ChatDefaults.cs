using Gateway.Queues;

namespace Gateway.Exporters.Chat;

/// <summary>
/// Defaults the four chat factories share. A notification is worth little once stale and must never slow the routes
/// that feed storage, so the queue drops the oldest rather than blocking, and retries stop after ten minutes.
/// </summary>
internal static class ChatDefaults
{
    public static TOptions Apply<TOptions>(TOptions options) where TOptions : ChatExporterOptions
    {
        options.Queue.Policy = QueueFullPolicy.DropOldest;
        options.Queue.Size = 1000;
        options.Queue.Workers = 1;
        options.Batch.MaxSize = 100;
        options.Batch.MaxWait = TimeSpan.FromSeconds(1);
        options.Retry.InitialInterval = TimeSpan.FromSeconds(1);
        options.Retry.MaxInterval = TimeSpan.FromMinutes(1);
        options.Retry.MaxElapsedTime = TimeSpan.FromMinutes(10);
        return options;
    }
}
