using System.Net;
using System.Text.Json;
using Gateway.Diagnostics;
using Gateway.Host.Observing;
using Gateway.Otlp.Receivers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace Gateway.Host.Operations;

/// <summary>
/// The gateway's own endpoint, on a listener of its own so probes and scrapes never compete with (or pass through
/// the checks of) the receivers: <c>/metrics</c> in Prometheus text format, <c>/healthz</c> (the process answers),
/// <c>/readyz</c> (JSON, 200 ready or 503 not ready), live taps (<c>/tap</c>, Server-Sent Events) and the status page
/// (<c>/</c>, reading <c>/api/status</c>).
/// </summary>
internal sealed class TelemetryServer : IAsyncDisposable
{
    public const string PrometheusContentType = "text/plain; version=0.0.4; charset=utf-8";

    private readonly WebApplication _app;

    private TelemetryServer(WebApplication app, Uri address, IPEndPoint boundTo)
    {
        _app = app;
        Address = address;
        BoundTo = boundTo;
    }

    /// <summary>Where the endpoint listens, with the real port (0.0.0.0 reached via 127.0.0.1).</summary>
    public Uri Address { get; }

    /// <summary>The socket address as bound (0.0.0.0 stays 0.0.0.0), for the start-up lines.</summary>
    public IPEndPoint BoundTo { get; }

    public static async Task<TelemetryServer> StartAsync(string endpoint, MetricsRegistry metrics, GatewayReadiness readiness, TapEndpoint tap, StatusDocument status, CancellationToken cancellationToken)
    {
        if (!ListenEndpoint.TryParse(endpoint, out var parsed)) throw new ArgumentException($"invalid service.telemetry.endpoint {endpoint}", nameof(endpoint));
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        ListenOptions? listener = null;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            if (parsed.Localhost) kestrel.ListenLocalhost(parsed.Port, o => listener = o);
            else kestrel.Listen(parsed.Address ?? IPAddress.Any, parsed.Port, o => listener = o);
        });
        var app = builder.Build();
        app.MapGet("/metrics", context => WriteTextAsync(context, metrics.ToPrometheusText(), PrometheusContentType));
        app.MapGet("/healthz", context => WriteTextAsync(context, """{"status":"up"}""", "application/json"));
        app.MapGet("/readyz", context => WriteReadinessAsync(context, readiness));
        app.MapGet(TapEndpoint.Path, tap.HandleAsync);
        app.MapGet("/api/status", context => WriteStatusAsync(context, status));
        foreach (var (path, serve) in StatusPageFiles.Endpoints()) app.MapGet(path, serve);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var bound = listener!.IPEndPoint!;
        var host = bound.Address.Equals(IPAddress.Any) || bound.Address.Equals(IPAddress.IPv6Any) ? "127.0.0.1" : bound.Address.ToString();
        if (bound.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 && host != "127.0.0.1") host = $"[{host}]";
        return new TelemetryServer(app, new Uri($"http://{host}:{bound.Port}/"), bound);
    }

    private static Task WriteTextAsync(HttpContext context, string text, string contentType)
    {
        context.Response.ContentType = contentType;
        return context.Response.WriteAsync(text, context.RequestAborted);
    }

    private static async Task WriteReadinessAsync(HttpContext context, GatewayReadiness readiness)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(2048);
        bool ready;
        await using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            ready = readiness.Write(json);
        }

        context.Response.StatusCode = ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-store";
        await context.Response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted).ConfigureAwait(false);
    }

    private static async Task WriteStatusAsync(HttpContext context, StatusDocument status)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(4096);
        await using (var json = new Utf8JsonWriter(buffer)) status.Write(json);
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-store";
        await context.Response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted).ConfigureAwait(false);
    }

    public Task StopAsync() => _app.StopAsync();

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
