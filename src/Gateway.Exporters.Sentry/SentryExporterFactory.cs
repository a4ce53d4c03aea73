using Microsoft.Extensions.Logging;

namespace Gateway.Exporters.Sentry;

/// <summary>Builds <c>sentry</c> exporters (<c>sentry</c>, <c>sentry/&lt;name&gt;</c> in gateway.yaml).</summary>
public sealed class SentryExporterFactory : ExporterFactory<SentryExporterOptions>
{
    public override string Type => "sentry";

    /// <summary>Error events are few and each is its own request to Sentry, so a batch holds at most 100 of them.</summary>
    public override SentryExporterOptions CreateDefaultOptions()
    {
        var options = new SentryExporterOptions();
        options.Batch.MaxSize = 100;
        return options;
    }

    protected override IEventExporter Create(ExporterContext context, SentryExporterOptions options)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = options.Timeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AutomaticDecompression = System.Net.DecompressionMethods.None,
        };
        var http = new HttpClient(handler) { Timeout = options.Timeout };
        http.DefaultRequestHeaders.UserAgent.ParseAdd(Transport.SentryClientName.Value);
        return new SentryExporter(context.Id.ToString(), options, http, context.Time, context.LoggerFactory.CreateLogger<SentryExporter>());
    }
}
