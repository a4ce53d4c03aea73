using Gateway.Configuration;
using Gateway.Envelope;
using Gateway.Exporters;
using Gateway.Exporters.Chat;
using Gateway.Exporters.Chat.Discord;
using Gateway.Exporters.Chat.Slack;
using Gateway.Exporters.Chat.Teams;
using Gateway.Exporters.Chat.Webhook;
using Gateway.Routing;
using Gateway.Testing.Chat;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using YamlDotNet.RepresentationModel;

namespace Gateway.Tests.Chat;

/// <summary>One platform's double and an exporter built by its real factory against it, on a fake clock.</summary>
internal sealed class ChatHarness : IAsyncDisposable
{
    public const string WebhookSecret = "test-secret-0123456789abcdef";
    public const string KibanaUrl = "https://kibana.example.com/s/ops";
    public const string SentryUrl = "https://acme.sentry.io";

    public static readonly TheoryData<string> Platforms = new("slack", "discord", "teams", "webhook");

    private ChatHarness(string platform, IChatDouble server, ChatExporter exporter, FakeTimeProvider time)
    {
        Platform = platform;
        Double = server;
        Exporter = exporter;
        Time = time;
    }

    public string Platform { get; }

    public IChatDouble Double { get; }

    public ChatExporter Exporter { get; }

    public FakeTimeProvider Time { get; }

    public RecordedTraffic Traffic => Double.Traffic;

    public static async Task<ChatHarness> StartAsync(string platform, Action<ChatExporterOptions>? configure = null)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
        IChatDouble server = platform switch
        {
            "slack" => await SlackDouble.StartAsync(),
            "discord" => await DiscordDouble.StartAsync(),
            "teams" => await TeamsDouble.StartAsync(),
            _ => await WebhookDouble.StartAsync(WebhookSecret),
        };
        var exporter = CreateExporter(platform, server.WebhookUrl, time, configure);
        return new ChatHarness(platform, server, exporter, time);
    }

    public static IExporterFactory FactoryFor(string platform) => platform switch
    {
        "slack" => new SlackExporterFactory(),
        "discord" => new DiscordExporterFactory(),
        "teams" => new TeamsExporterFactory(),
        _ => new WebhookExporterFactory(),
    };

    public static ChatExporter CreateExporter(string platform, Uri url, TimeProvider time, Action<ChatExporterOptions>? configure = null, string name = "oncall")
    {
        var factory = FactoryFor(platform);
        var options = (ChatExporterOptions)factory.CreateDefaultOptions();
        options.Url = url.ToString();
        options.KibanaUrl = KibanaUrl;
        options.SentryUrl = SentryUrl;
        if (options is WebhookExporterOptions webhook) webhook.Secret = WebhookSecret;
        configure?.Invoke(options);
        var id = new ComponentId(platform, name);
        var context = new ExporterContext
        {
            Id = id,
            Options = options,
            LoggerFactory = NullLoggerFactory.Instance,
            Time = time,
            Services = new ServiceCollection().BuildServiceProvider(),
            Config = new GatewayConfig
            {
                SourcePath = "gateway.yaml",
                Receivers = new Dictionary<ComponentId, object>(),
                Processors = new Dictionary<ComponentId, object>(),
                Exporters = new Dictionary<ComponentId, ExporterOptions> { [id] = options },
                ExporterNodes = new Dictionary<ComponentId, YamlNode>(),
                Routes = new List<RouteOptions>(),
                RouteNodes = new List<YamlNode>(),
                Envelope = new EnvelopeOptions(),
            },
        };
        return (ChatExporter)factory.Create(context);
    }

    public ValueTask<ExportResult> ExportAsync(params EventEnvelope[] envelopes) => Exporter.ExportAsync(new EventBatch(envelopes), CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        await Exporter.DisposeAsync();
        await Double.DisposeAsync();
    }
}
