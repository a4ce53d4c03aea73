namespace Gateway.Exporters.Chat.Teams;

/// <summary>The <c>teams</c> exporter: a Teams Workflows ("Post to a channel when a webhook request is received") URL.</summary>
public sealed class TeamsExporterOptions : ChatExporterOptions
{
    protected override string UrlExample => "https://prod-00.westeurope.logic.azure.com:443/workflows/xxxx/triggers/manual/paths/invoke?api-version=2016-06-01&sig=xxxx";
}
