using Gateway.Exporters;
using Gateway.Exporters.Sentry;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Tests.Sentry;

/// <summary>Builds exporters the way the host does, through the factory, against a double's DSNs.</summary>
internal static class SentryTestExporter
{
    public static SentryExporter Create(SentryExporterOptions options, TimeProvider? time = null)
    {
        var context = new ExporterContext
        {
            Id = new Gateway.Configuration.ComponentId("sentry", "test"),
            Options = options,
            LoggerFactory = NullLoggerFactory.Instance,
            Time = time ?? TimeProvider.System,
            Services = EmptyServices.Instance,
            Config = null!,
        };
        return (SentryExporter)new SentryExporterFactory().Create(context);
    }

    public static SentryExporterOptions Options(string dsn) => new() { Dsn = dsn, Timeout = TimeSpan.FromSeconds(5) };

    public static ValueTask<ExportResult> ExportAsync(this SentryExporter exporter, params Gateway.Envelope.EventEnvelope[] envelopes) =>
        exporter.ExportAsync(new EventBatch(envelopes), CancellationToken.None);
}
