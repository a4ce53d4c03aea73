namespace Gateway.Exporters.Sentry.Transport;

/// <summary>How the gateway names itself to Sentry (auth header, envelope <c>sdk</c>), so its events are told apart from an SDK's.</summary>
public static class SentryClientName
{
    public const string Name = "telemetry-gateway.sentry";

    public static readonly string Version = typeof(SentryClientName).Assembly.GetName().Version?.ToString(3) ?? "1.0.0";

    public static readonly string Value = $"{Name}/{Version}";
}
