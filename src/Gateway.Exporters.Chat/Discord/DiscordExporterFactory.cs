using Gateway.Exporters.Chat.Delivery;

namespace Gateway.Exporters.Chat.Discord;

/// <summary>Builds <c>discord</c> exporters (<c>discord</c>, <c>discord/oncall</c> ...).</summary>
public sealed class DiscordExporterFactory : ChatExporterFactoryBase<DiscordExporterOptions>
{
    public override string Type => "discord";

    protected override ChatPlatform CreatePlatform(DiscordExporterOptions options) => new DiscordPlatform(options);
}
