using System.Net;
using Gateway.Configuration;
using Gateway.Host.Operations;
using Gateway.Host.Security;
using Gateway.Otlp.Receivers;
using Gateway.Otlp.Receivers.Limits;
using Gateway.Otlp.Receivers.Refusals;
using Gateway.Pipeline;
using Gateway.Taps;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gateway.Host.Hosting;

/// <summary>
/// The running gateway process: Kestrel listeners for the receivers, the runtime (processors, routes, exporters) and
/// an orderly stop (stop accepting, then drain the queues). Tests start it in-process on port 0 with their own config.
/// </summary>
public sealed class GatewayHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly GatewayOperations _operations;
    private int _stopped;

    private GatewayHost(WebApplication app, GatewayOperations operations, ListenOptions? grpcListener, ListenOptions? httpListener, OtlpReceiverOptions? otlp)
    {
        _app = app;
        _operations = operations;
        GrpcAddress = AddressOf(grpcListener, otlp?.Grpc);
        HttpAddress = AddressOf(httpListener, otlp?.Http);
        GrpcBoundTo = grpcListener?.IPEndPoint;
        HttpBoundTo = httpListener?.IPEndPoint;
    }

    /// <summary>The running runtime: the one built from the configuration last loaded (start or reload).</summary>
    public GatewayRuntime Runtime => _operations.Reloader.Current;

    /// <summary>Where <c>/metrics</c>, <c>/healthz</c> and <c>/readyz</c> are served, or null when service.telemetry is off.</summary>
    public Uri? TelemetryAddress => _operations.TelemetryAddress;

    /// <summary>Where OTLP/gRPC listens (with the real port when the config said 0), or null when gRPC is off.</summary>
    public Uri? GrpcAddress { get; }

    /// <summary>Where OTLP/HTTP listens, or null when HTTP is off.</summary>
    public Uri? HttpAddress { get; }

    /// <summary>The socket address OTLP/gRPC is bound to (0.0.0.0 stays 0.0.0.0), for the start-up lines.</summary>
    public IPEndPoint? GrpcBoundTo { get; }

    /// <summary>The socket address OTLP/HTTP is bound to.</summary>
    public IPEndPoint? HttpBoundTo { get; }

    /// <summary>The socket address of the metrics and health endpoint, or null when service.telemetry is off.</summary>
    public IPEndPoint? TelemetryBoundTo => _operations.TelemetryBoundTo;

    public IServiceProvider Services => _app.Services;

    /// <param name="reloadWith">
    /// The loader <paramref name="config"/> came from: with it the gateway reloads its file on SIGHUP and on change;
    /// null keeps the configuration fixed.
    /// </param>
    public static async Task<GatewayHost> StartAsync(GatewayConfig config, ComponentCatalog catalog, Action<ILoggingBuilder>? configureLogging = null, GatewayConfigLoader? reloadWith = null, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        if (configureLogging is not null) configureLogging(builder.Logging);
        else GatewayLogging.Configure(builder.Logging, config.Service.Telemetry.Logs);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
        // "Hosting failed to start" with the whole stack trace: the caller reports a failed start in one line.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);
        builder.Services.AddHttpClient();
        builder.Services.AddSingleton(TimeProvider.System);

        var pipeline = new PipelineSlot();
        builder.Services.AddSingleton<IIngestPipeline>(pipeline);
        var otlp = config.FindReceiver<OtlpReceiverOptions>("otlp");
        if (otlp is not null) builder.Services.AddOtlpReceiver(otlp, config.Envelope).AddReceiverSecurity(otlp);
        ListenOptions? grpcListener = null, httpListener = null;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            if (otlp is not null) ReceiverKestrelLimits.Apply(kestrel.Limits, otlp);
            if (otlp?.Grpc is { } grpc) grpcListener = Listen(kestrel, grpc, OtlpReceiverOptions.DefaultGrpcEndpoint, ReceiverSecurity.Grpc, HttpProtocols.Http2, () => httpListener?.IPEndPoint);
            // Over TLS, ALPN lets browsers and SDKs choose HTTP/2 as well; in plaintext only HTTP/1.1 can be told apart.
            if (otlp?.Http is { } http) httpListener = Listen(kestrel, http, OtlpReceiverOptions.DefaultHttpEndpoint, ReceiverSecurity.Http, http.Tls is null ? HttpProtocols.Http1 : HttpProtocols.Http1AndHttp2, () => grpcListener?.IPEndPoint);
        });

        var app = builder.Build();
        if (otlp is not null)
        {
            app.UseReceiverSecurity(otlp);
            if (otlp.Http is not null) app.MapEventQueries(pipeline);
            app.MapOtlpReceiver(otlp);
        }

        var services = new RuntimeServices(app.Services.GetRequiredService<ILoggerFactory>(), app.Services.GetRequiredService<TimeProvider>(), app.Services) { Taps = new PipelineTaps() };
        var metrics = GatewayOperations.StartMetrics();
        var runtime = GatewayRuntime.Build(config, catalog, services);
        var operations = GatewayOperations.Create(metrics, pipeline, runtime, catalog, services, reloadWith);
        try
        {
            await runtime.StartAsync(cancellationToken).ConfigureAwait(false);
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            var host = new GatewayHost(app, operations, grpcListener, httpListener, otlp);
            await operations.StartAsync(config.Service.Telemetry, host.Listeners(), app.Services.GetService<ReceiverRefusals>()?.Recent, cancellationToken).ConfigureAwait(false);
            return host;
        }
        catch
        {
            await AbandonStartAsync(app, runtime, operations, config.Service.ShutdownTimeout).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Loads the configuration file again and applies it (what SIGHUP and a file change do).</summary>
    public Task<ReloadOutcome> ReloadAsync(CancellationToken cancellationToken = default) => _operations.Reloader.ReloadAsync("requested", cancellationToken);

    private List<ReceiverListener> Listeners()
    {
        var listeners = new List<ReceiverListener>(2);
        if (GrpcAddress is not null) listeners.Add(new ReceiverListener("otlp", "grpc", GrpcAddress));
        if (HttpAddress is not null) listeners.Add(new ReceiverListener("otlp", "http", HttpAddress));
        return listeners;
    }

    /// <summary>
    /// Stops taking requests, then gives the exporters until <paramref name="drainTimeout"/> to deliver what is queued.
    /// The listeners stay open while the queues drain and answer every new request 503 / UNAVAILABLE (a closed port
    /// would look like a crash to a load balancer and cost the SDKs a connection error); they close when the drain ends.
    /// </summary>
    public async Task StopAsync(TimeSpan drainTimeout)
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1) return;
        await _operations.StopAsync().ConfigureAwait(false);
        _app.Services.GetService<ReceiverDrain>()?.Start();
        try
        {
            await DrainAsync(drainTimeout).ConfigureAwait(false);
        }
        finally
        {
            await _app.StopAsync().ConfigureAwait(false);
        }
    }

    private async Task DrainAsync(TimeSpan drainTimeout)
    {
        using var drain = new CancellationTokenSource(drainTimeout);
        try
        {
            // Exporters an earlier reload removed drain alongside the running ones, under the same deadline.
            await Task.WhenAll(Runtime.StopAsync(drain.Token), _operations.Reloader.WaitForDrainingAsync(drain.Token)).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // What could not be delivered in time is reported by the runtime; stopping goes on.
        }
    }

    /// <summary>
    /// Completes when a stop is asked for (SIGTERM, Ctrl-C, or <paramref name="cancellationToken"/>) without stopping
    /// anything itself: <see cref="StopAsync"/> then drains while the listeners still answer.
    /// </summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken)
    {
        var lifetime = _app.Lifetime;
        var stopping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lifetime.ApplicationStopping.Register(static state => ((TaskCompletionSource)state!).TrySetResult(), stopping);
        if (cancellationToken.CanBeCanceled) cancellationToken.Register(static state => ((Microsoft.Extensions.Hosting.IHostApplicationLifetime)state!).StopApplication(), lifetime);
        return stopping.Task;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        await Runtime.DisposeAsync().ConfigureAwait(false);
        await _operations.DisposeAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// A port in use or a locked queue directory stopped the start: what did start (queues, listeners) is closed again,
    /// so the caller reports the reason and exits, or a test goes on, without a half-started gateway behind it. The
    /// start's own exception is what the caller sees; a failure while closing would only hide it.
    /// </summary>
    private static async Task AbandonStartAsync(WebApplication app, GatewayRuntime runtime, GatewayOperations operations, TimeSpan drainTimeout)
    {
        try
        {
            await operations.DisposeAsync().ConfigureAwait(false);
            await app.DisposeAsync().ConfigureAwait(false);
            using var drain = new CancellationTokenSource(drainTimeout);
            await runtime.StopAsync(drain.Token).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // See above: the start's exception is rethrown.
        }

        try
        {
            await runtime.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception)
        {
        }
    }

    /// <param name="otherProtocol">Where the other OTLP protocol is bound, for the message to a client on the wrong port.</param>
    private static ListenOptions Listen(KestrelServerOptions kestrel, OtlpProtocolEndpointOptions protocol, string fallback, string transport, HttpProtocols protocols, Func<IPEndPoint?> otherProtocol)
    {
        var endpoint = OtlpReceiverOptions.EndpointOf(protocol, fallback);
        if (!ListenEndpoint.TryParse(endpoint, out var parsed)) throw new ArgumentException($"invalid endpoint {endpoint}", nameof(protocol));
        ListenOptions? captured = null;
        void Configure(ListenOptions o)
        {
            o.Protocols = protocols;
            ReceiverConnectionActivity.Attach(o, protocol.IdleTimeout, transport);
            ReceiverSecurity.SecureListener(o, protocol, transport);
            if (protocol.Tls is null) ReceiverProtocolGuard.Attach(o, transport, otherProtocol);
            captured ??= o;
        }

        if (parsed.Localhost) kestrel.ListenLocalhost(parsed.Port, Configure);
        else kestrel.Listen(parsed.Address ?? IPAddress.Any, parsed.Port, Configure);
        return captured!;
    }

    /// <summary>The address a client on this machine uses: Kestrel has filled in the real port; 0.0.0.0 is reached via 127.0.0.1.</summary>
    private static Uri? AddressOf(ListenOptions? listener, OtlpProtocolEndpointOptions? protocol)
    {
        if (listener is null || protocol is null) return null;
        var endpoint = listener.IPEndPoint;
        if (endpoint is null) return null;
        var host = endpoint.Address.Equals(IPAddress.Any) || endpoint.Address.Equals(IPAddress.IPv6Any) || endpoint.Address.Equals(IPAddress.IPv6Loopback)
            ? "127.0.0.1"
            : endpoint.Address.ToString();
        return new Uri($"{(protocol.Tls is null ? "http" : "https")}://{host}:{endpoint.Port}/");
    }
}
