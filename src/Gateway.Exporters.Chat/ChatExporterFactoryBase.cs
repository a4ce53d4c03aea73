using Gateway.Exporters.Chat.Delivery;
using Microsoft.Extensions.Logging;

namespace Gateway.Exporters.Chat;

/// <summary>The part the four chat factories share: defaults, the logger, and the Sentry-link hint.</summary>
public abstract class ChatExporterFactoryBase<TOptions> : ExporterFactory<TOptions>
    where TOptions : ChatExporterOptions, new()
{
    public sealed override TOptions CreateDefaultOptions() => ChatDefaults.Apply(new TOptions());

    protected abstract ChatPlatform CreatePlatform(TOptions options);

    protected sealed override IEventExporter Create(ExporterContext context, TOptions options)
    {
        var exporterId = context.Id.ToString();
        var logger = context.LoggerFactory.CreateLogger("Gateway.Exporters.Chat." + exporterId);
        if (options.SentryUrl is null)
        {
            foreach (var id in context.Config.Exporters.Keys)
            {
                if (id.Type != "sentry") continue;
                var sentryId = id.ToString();
                ChatLog.SentryUrlMissing(logger, exporterId, sentryId);
                break;
            }
        }

        return new ChatExporter(context.Id, options, CreatePlatform(options), context.Time, logger);
    }
}
