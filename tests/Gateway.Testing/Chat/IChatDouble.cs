namespace Gateway.Testing.Chat;

/// <summary>A chat platform's webhook on loopback, faithful to its documented answers and limits.</summary>
public interface IChatDouble : IAsyncDisposable
{
    /// <summary>The webhook URL to configure in the exporter.</summary>
    Uri WebhookUrl { get; }

    RecordedTraffic Traffic { get; }
}
