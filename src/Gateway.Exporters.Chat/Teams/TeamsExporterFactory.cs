using Gateway.Exporters.Chat.Delivery;

namespace Gateway.Exporters.Chat.Teams;

/// <summary>Builds <c>teams</c> exporters (<c>teams</c>, <c>teams/oncall</c> ...).</summary>
public sealed class TeamsExporterFactory : ChatExporterFactoryBase<TeamsExporterOptions>
{
    public override string Type => "teams";

    protected override ChatPlatform CreatePlatform(TeamsExporterOptions options) => new TeamsPlatform();
}
