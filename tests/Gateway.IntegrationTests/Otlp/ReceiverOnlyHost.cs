using System.Net;
using Gateway.Configuration;
using Gateway.Otlp.Receivers;
using Gateway.Pipeline;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gateway.IntegrationTests.Otlp;

/// <summary>
/// The OTLP receiver wired exactly as the gateway host wires it, but in front of a given pipeline, so tests can make
/// the pipeline push back (the real runtime only does so when a queue is full).
/// </summary>
public sealed class ReceiverOnlyHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ReceiverOnlyHost(WebApplication app, Uri grpc, Uri http)
    {
        _app = app;
        GrpcEndpoint = grpc;
        HttpEndpoint = http;
    }

    public Uri GrpcEndpoint { get; }

    public Uri HttpEndpoint { get; }

    /// <param name="logs">Hears the receiver's log lines; none are kept without it.</param>
    /// <param name="time">The receiver's clock (its refusal log is rate-limited by it); the system clock without it.</param>
    public static async Task<ReceiverOnlyHost> StartAsync(IIngestPipeline pipeline, ILoggerProvider? logs = null, TimeProvider? time = null)
    {
        var options = new OtlpReceiverOptions { Protocols = new OtlpProtocolsOptions { Grpc = new OtlpProtocolEndpointOptions(), Http = new OtlpProtocolEndpointOptions() } };
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        if (logs is not null) builder.Logging.AddProvider(logs);
        builder.Services.AddSingleton(time ?? TimeProvider.System);
        builder.Services.AddSingleton(pipeline);
        builder.Services.AddOtlpReceiver(options, new EnvelopeOptions());
        ListenOptions? grpc = null, http = null;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0, o => { o.Protocols = HttpProtocols.Http2; grpc = o; });
            kestrel.Listen(IPAddress.Loopback, 0, o => { o.Protocols = HttpProtocols.Http1; http = o; });
        });
        var app = builder.Build();
        app.MapOtlpReceiver(options);
        await app.StartAsync();
        return new ReceiverOnlyHost(app, new Uri($"http://127.0.0.1:{grpc!.IPEndPoint!.Port}/"), new Uri($"http://127.0.0.1:{http!.IPEndPoint!.Port}/"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
