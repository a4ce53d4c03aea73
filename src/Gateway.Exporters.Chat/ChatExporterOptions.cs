using Gateway.Configuration;
using Gateway.Exporters;
using Gateway.Exporters.Chat.Text;

namespace Gateway.Exporters.Chat;

/// <summary>What every chat exporter (slack, discord, teams, webhook) has: where to post, what to show, how much to send.</summary>
public abstract class ChatExporterOptions : ExporterOptions
{
    /// <summary>The webhook URL (a secret: put it in an environment variable, e.g. <c>${env:SLACK_ONCALL_URL}</c>).</summary>
    public string Url { get; set; } = string.Empty;

    /// <summary>Headline with placeholders such as <c>{name}</c>, <c>{service}</c>, <c>{attributes.ctx.order.id}</c>; default: title, else name.</summary>
    public string? Template { get; set; }

    /// <summary>Attribute keys to show; empty shows the event's first attributes, in both cases at most <see cref="MaxAttributes"/>.</summary>
    public List<string> Attributes { get; set; } = [];

    public int MaxAttributes { get; set; } = 6;

    /// <summary>How many lines from the top of a stack trace to show.</summary>
    public int StackFrames { get; set; } = 8;

    /// <summary>Fields whose values, taken together, say that two events are "the same" for grouping.</summary>
    public List<string> GroupBy { get; set; } = ["service", "name", "error.name"];

    /// <summary>Events of one group within this window after its message produce one follow-up summary instead of messages.</summary>
    public TimeSpan GroupWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Most messages per minute this exporter posts (summaries included); the rest are held back and summarised.</summary>
    public int RateLimit { get; set; } = 20;

    /// <summary>Kibana base URL (with base path or space); enables the "Open in Kibana" link.</summary>
    public string? KibanaUrl { get; set; }

    /// <summary>The id of the data view Discover opens; the Elasticsearch exporter ships one with this id.</summary>
    public string KibanaDataViewId { get; set; } = "logs-gateway";

    /// <summary>Kibana version, e.g. "8.15" or "7.17": before 8.15 Discover links name the data view with <c>index:</c>.</summary>
    public string KibanaVersion { get; set; } = "8.15";

    /// <summary>The event is shown in Discover from this long before to this long after its time.</summary>
    public TimeSpan KibanaWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Indexed field holding the session id (the link filters on the session when the event has one).</summary>
    public string KibanaSessionField { get; set; } = "session.id";

    /// <summary>Indexed field holding the trace id (used when the event has no session).</summary>
    public string KibanaTraceField { get; set; } = "trace.id";

    /// <summary>Sentry organisation or self-hosted base, e.g. https://my-org.sentry.io; enables the "Open in Sentry" link.</summary>
    public string? SentryUrl { get; set; }

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    public override void Validate(OptionsValidationContext context)
    {
        base.Validate(context);
        if (!IsHttpUrl(Url)) context.Error("url", $"must be the webhook's http(s) URL, e.g. {UrlExample}");
        if (Template is not null && !MessageTemplate.TryParse(Template, out _, out var templateError)) context.Error("template", templateError!);
        if (MaxAttributes is < 0 or > 20) context.Error("max_attributes", $"must be between 0 and 20, got {MaxAttributes}");
        if (StackFrames is < 0 or > 100) context.Error("stack_frames", $"must be between 0 and 100, got {StackFrames}");
        if (GroupBy.Count == 0) context.Error("group_by", "needs at least one field, e.g. [service, name, error.name]");
        foreach (var field in GroupBy)
        {
            if (!EnvelopeField.TryParse(field, out _)) context.Error("group_by", $"unknown field '{field}'; use {EnvelopeField.Expected}");
        }

        if (GroupWindow < TimeSpan.Zero || GroupWindow > TimeSpan.FromHours(24)) context.Error("group_window", $"must be between 0s (no grouping) and 24h, got {GroupWindow}");
        if (RateLimit is < 1 or > 10_000) context.Error("rate_limit", $"messages per minute, between 1 and 10000, got {RateLimit}");
        if (KibanaUrl is not null && !IsHttpUrl(KibanaUrl)) context.Error("kibana_url", "must be Kibana's http(s) base URL, e.g. https://kibana.example.com or https://kibana.example.com/s/ops");
        if (string.IsNullOrWhiteSpace(KibanaDataViewId)) context.Error("kibana_data_view_id", "must be a data view id, e.g. logs-gateway");
        if (!Version.TryParse(KibanaVersion, out _)) context.Error("kibana_version", $"must be a version like 8.15 or 7.17.3, got '{KibanaVersion}'");
        if (KibanaWindow <= TimeSpan.Zero) context.Error("kibana_window", "must be positive, e.g. 15m");
        if (SentryUrl is not null && !IsHttpUrl(SentryUrl)) context.Error("sentry_url", "must be Sentry's http(s) organisation URL, e.g. https://my-org.sentry.io");
        if (Timeout <= TimeSpan.Zero || Timeout > TimeSpan.FromMinutes(2)) context.Error("timeout", $"must be between 1ms and 2m, got {Timeout}");
    }

    /// <summary>An example URL for this platform, shown in the error for a missing or malformed <c>url</c>.</summary>
    protected abstract string UrlExample { get; }

    private static bool IsHttpUrl(string? text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
}
