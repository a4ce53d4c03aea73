using Gateway.Configuration;
using Gateway.Diagnostics;
using Gateway.Host.Hosting;
using Gateway.Host.Observing;
using Gateway.Otlp.Receivers.Refusals;
using Microsoft.Extensions.Logging;
using Gateway.Pipeline;

namespace Gateway.Host.Operations;

/// <summary>
/// Everything the gateway does about itself, apart from moving events: the metrics registry, configuration reload
/// and the telemetry endpoint (metrics, health, readiness). The host starts it around the receivers and stops it
/// around the drain.
/// </summary>
internal sealed class GatewayOperations : IAsyncDisposable
{
    private readonly MetricsRegistry _metrics;
    private readonly GatewayReadiness _readiness;
    private readonly RuntimeServices _services;

    /// <summary>Ends the live taps when the gateway goes away, so no stream holds the telemetry endpoint open.</summary>
    private readonly CancellationTokenSource _endTaps = new();
    private TelemetryServer? _telemetry;
    private FlowRates? _rates;

    private GatewayOperations(MetricsRegistry metrics, ConfigReloader reloader, GatewayReadiness readiness, RuntimeServices services)
    {
        _metrics = metrics;
        Reloader = reloader;
        _readiness = readiness;
        _services = services;
    }

    public ConfigReloader Reloader { get; }

    public Uri? TelemetryAddress => _telemetry?.Address;

    public System.Net.IPEndPoint? TelemetryBoundTo => _telemetry?.BoundTo;

    /// <summary>Listens to the gateway's meter from here on: create it before the runtime records anything.</summary>
    public static MetricsRegistry StartMetrics()
    {
        ProcessMetrics.Register();
        return new MetricsRegistry();
    }

    public static GatewayOperations Create(MetricsRegistry metrics, PipelineSlot slot, GatewayRuntime runtime, ComponentCatalog catalog, RuntimeServices services, GatewayConfigLoader? reloadWith)
    {
        var reloader = new ConfigReloader(slot, runtime, catalog, services, reloadWith);
        return new GatewayOperations(metrics, reloader, new GatewayReadiness(reloader, services.Time), services);
    }

    /// <summary>Called once the receivers listen: opens the telemetry endpoint and starts watching for reloads.</summary>
    /// <param name="refusals">The receivers' last refusals (null without a receiver), for the status page.</param>
    public async Task StartAsync(TelemetryOptions telemetry, IReadOnlyList<ReceiverListener> listeners, RecentRefusals? refusals, CancellationToken cancellationToken)
    {
        _readiness.ReceiversListening(listeners);
        if (telemetry.Enabled)
        {
            var tap = new TapEndpoint(telemetry.Tap, _services.Taps, () => Reloader.Current, _services.LoggerFactory.CreateLogger("Gateway.Tap"), _services.Time, _endTaps.Token);
            _rates = new FlowRates(_metrics, () => Reloader.Current, () => _readiness.Listeners, _services.Time);
            _rates.Start();
            var status = new StatusDocument(Reloader, _readiness, _rates, refusals, tap, _services.Taps, _services.Time);
            _telemetry = await TelemetryServer.StartAsync(telemetry.Endpoint, _metrics, _readiness, tap, status, cancellationToken).ConfigureAwait(false);
        }

        Reloader.Watch();
    }

    /// <summary>
    /// The gateway is stopping: no more reloads, and <c>/readyz</c> answers 503 while the queues drain (it keeps
    /// answering, with each exporter's queue, until the end).
    /// </summary>
    public async Task StopAsync()
    {
        _readiness.Stopping();
        await Reloader.StopReloadingAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await Reloader.DisposeAsync().ConfigureAwait(false);
        await _endTaps.CancelAsync().ConfigureAwait(false);
        if (_telemetry is not null) await _telemetry.DisposeAsync().ConfigureAwait(false);
        if (_rates is not null) await _rates.DisposeAsync().ConfigureAwait(false);
        _endTaps.Dispose();
        _metrics.Dispose();
    }
}
