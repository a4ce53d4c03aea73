namespace Gateway.Exporters.Chat.Slack;

/// <summary>The <c>slack</c> exporter: an incoming webhook URL (the channel is fixed by the webhook).</summary>
public sealed class SlackExporterOptions : ChatExporterOptions
{
    protected override string UrlExample => "https://hooks.slack.com/services/T000/B000/XXXX";
}
