using System.Diagnostics.Tracing;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Logs;
using OpenTelemetry.Resources;

// A plain .NET app logging through the stock OpenTelemetry SDK to the gateway. The SDK reads where and how to send
// from the standard variables (OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_EXPORTER_OTLP_PROTOCOL, OTEL_EXPORTER_OTLP_HEADERS);
// without them it sends OTLP/gRPC to http://localhost:4317.
using var exportErrors = new OtlpExportErrors();
using (var loggerFactory = LoggerFactory.Create(logging => logging.AddOpenTelemetry(otel =>
{
    otel.SetResourceBuilder(ResourceBuilder.CreateDefault()
        .AddService("checkout", serviceVersion: "1.4.2")
        .AddAttributes([new("deployment.environment.name", "staging")]));
    otel.IncludeScopes = true;
    otel.IncludeFormattedMessage = true;
    otel.AddOtlpExporter();
})))
{
    var logger = loggerFactory.CreateLogger("Shop.Checkout");
    using (logger.BeginScope(new Dictionary<string, object> { ["session.id"] = "sess-7", ["user.id"] = "u-42" }))
    {
        logger.LogInformation("Order {ctx.order.id} placed for {customer.email}", "ord-1001", "jane.doe@example.com");
        try
        {
            throw new InvalidOperationException("Card declined: insufficient funds");
        }
        catch (InvalidOperationException e)
        {
            logger.LogError(e, "Charge for order {ctx.order.id} failed", "ord-1001");
        }
    }
}

// Disposing the factory above flushed the exporter; the SDK reports a failed export only to its event source.
var endpoint = Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT") ?? "http://localhost:4317";
var protocol = Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_PROTOCOL") ?? "grpc";
if (exportErrors.First is { } error)
{
    Console.Error.WriteLine($"could not send the log records to {endpoint} over {protocol}: {error}");
    return 1;
}

Console.WriteLine($"sent 2 log records to {endpoint} over {protocol}");
return 0;

/// <summary>Listens to the OTLP exporter's own diagnostics, so that a failed export is said instead of lost.</summary>
internal sealed class OtlpExportErrors : EventListener
{
    private string? _first;

    public string? First => Volatile.Read(ref _first);

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "OpenTelemetry-Exporter-OpenTelemetryProtocol") EnableEvents(source, EventLevel.Warning);
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        // Connection failures come as warnings (transient), refusals as errors: both mean the records did not arrive.
        if (e.Level > EventLevel.Warning) return;
        var text = e.Message is { } format && e.Payload is { } payload ? string.Format(System.Globalization.CultureInfo.InvariantCulture, format, [.. payload]) : e.EventName ?? "export failed";
        var firstLine = text.AsSpan().IndexOfAny('\r', '\n');
        Interlocked.CompareExchange(ref _first, firstLine < 0 ? text : text[..firstLine], null);
    }
}
