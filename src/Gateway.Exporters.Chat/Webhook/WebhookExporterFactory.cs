using Gateway.Exporters.Chat.Delivery;

namespace Gateway.Exporters.Chat.Webhook;

/// <summary>Builds <c>webhook</c> exporters (<c>webhook</c>, <c>webhook/oncall</c> ...).</summary>
public sealed class WebhookExporterFactory : ChatExporterFactoryBase<WebhookExporterOptions>
{
    public override string Type => "webhook";

    protected override ChatPlatform CreatePlatform(WebhookExporterOptions options) => new WebhookPlatform(options);
}
