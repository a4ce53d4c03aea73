using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Resources;

namespace Gateway.Testing.Otlp;

/// <summary>
/// A real OpenTelemetry .NET SDK logging pipeline (ILogger -> batch processor -> OTLP exporter) pointed at a gateway,
/// as an application would configure it. <see cref="Flush"/> exports everything logged so far before returning,
/// so tests wait on the SDK, never on a clock.
/// </summary>
public sealed class OtelLogClient : IDisposable
{
    public const string ServiceName = "checkout";
    public const string ServiceVersion = "1.4.2";
    public const string Environment = "staging";
    public const string HostName = "web-1";

    private readonly ServiceProvider _services;
    private readonly LoggerProvider _provider;

    private OtelLogClient(ServiceProvider services)
    {
        _services = services;
        _provider = services.GetRequiredService<LoggerProvider>();
        LoggerFactory = services.GetRequiredService<ILoggerFactory>();
    }

    public ILoggerFactory LoggerFactory { get; }

    /// <param name="gateway">The gateway's gRPC base address, or its HTTP base address for HttpProtobuf.</param>
    /// <param name="retryTransientFailures">Turns on the SDK's retry of 429/503/RESOURCE_EXHAUSTED/UNAVAILABLE (an opt-in setting of the SDK).</param>
    /// <param name="compression">OTEL_EXPORTER_OTLP_COMPRESSION, e.g. gzip (the only one the .NET SDK knows).</param>
    public static OtelLogClient Create(Uri gateway, OtlpExportProtocol protocol, string serviceName = ServiceName, Action<OtlpExporterOptions>? configure = null, bool retryTransientFailures = false, string? compression = null)
    {
        var services = new ServiceCollection();
        var settings = new Dictionary<string, string?>();
        if (retryTransientFailures) settings["OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY"] = "in_memory";
        if (compression is not null) settings["OTEL_EXPORTER_OTLP_COMPRESSION"] = compression;
        // The SDK reads its settings from the container's IConfiguration; this keeps them out of the process environment.
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddLogging(logging =>
        {
            logging.SetMinimumLevel(LogLevel.Trace);
            logging.AddOpenTelemetry(otel =>
            {
                otel.IncludeFormattedMessage = true;
                otel.IncludeScopes = true;
                otel.ParseStateValues = true;
                otel.SetResourceBuilder(ResourceBuilder.CreateEmpty().AddAttributes(
                [
                    new("service.name", serviceName),
                    new("service.version", ServiceVersion),
                    new("deployment.environment.name", Environment),
                    new("host.name", HostName),
                ]));
                otel.AddOtlpExporter(exporter =>
                {
                    exporter.Protocol = protocol;
                    // Set in code, the HTTP endpoint is used as-is, so it must name the signal's path.
                    exporter.Endpoint = protocol == OtlpExportProtocol.HttpProtobuf ? new Uri(gateway, "v1/logs") : gateway;
                    exporter.TimeoutMilliseconds = 10_000;
                    configure?.Invoke(exporter);
                });
            });
        });
        return new OtelLogClient(services.BuildServiceProvider());
    }

    public ILogger CreateLogger(string category) => LoggerFactory.CreateLogger(category);

    /// <summary>Exports every record logged so far; false when the export did not complete in time.</summary>
    public bool Flush(int timeoutMilliseconds = 15_000) => _provider.ForceFlush(timeoutMilliseconds);

    public void Dispose() => _services.Dispose();
}
