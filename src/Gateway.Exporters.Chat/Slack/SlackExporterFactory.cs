using Gateway.Exporters.Chat.Delivery;

namespace Gateway.Exporters.Chat.Slack;

/// <summary>Builds <c>slack</c> exporters (<c>slack</c>, <c>slack/oncall</c> ...).</summary>
public sealed class SlackExporterFactory : ChatExporterFactoryBase<SlackExporterOptions>
{
    public override string Type => "slack";

    protected override ChatPlatform CreatePlatform(SlackExporterOptions options) => new SlackPlatform();
}
