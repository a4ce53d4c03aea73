using System.Globalization;

namespace Gateway.Configuration;

/// <summary>
/// <c>service.telemetry</c>: the gateway's own observability. The endpoint serves <c>/metrics</c> (Prometheus text),
/// <c>/healthz</c>, <c>/readyz</c>, the status page (<c>/</c>, <c>/api/status</c>) and live taps (<c>/tap</c>) on a listener of its own, on the collector's metrics port by default, so
/// dashboards and probes written for the collector fit.
/// </summary>
public sealed class TelemetryOptions : IValidatableOptions
{
    public const string DefaultEndpoint = "0.0.0.0:8888";

    public bool Enabled { get; set; } = true;

    /// <summary>host:port; port 0 lets the OS choose (tests).</summary>
    public string Endpoint { get; set; } = DefaultEndpoint;

    public TelemetryLogOptions Logs { get; set; } = new();

    /// <summary>Live taps on the pipeline (<c>GET /tap</c>), for <c>gateway tap</c> and the status page.</summary>
    public TapOptions Tap { get; set; } = new();

    public void Validate(OptionsValidationContext context)
    {
        if (!Enabled) return;
        var colon = Endpoint.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(Endpoint.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            context.Error("endpoint", $"'{Endpoint}' is not host:port; e.g. endpoint: {DefaultEndpoint} (or enabled: false to serve no metrics and health endpoints)");
        }
    }
}
