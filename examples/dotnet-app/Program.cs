using Microsoft.Extensions.Logging;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Resources;

// A plain .NET app logging through the stock OpenTelemetry SDK to the gateway (gRPC on 4317 by default).
var endpoint = Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT") ?? "http://localhost:4317";
using var loggerFactory = LoggerFactory.Create(logging => logging.AddOpenTelemetry(otel =>
{
    otel.SetResourceBuilder(ResourceBuilder.CreateDefault()
        .AddService("checkout", serviceVersion: "1.4.2")
        .AddAttributes([new("deployment.environment.name", "staging")]));
    otel.IncludeScopes = true;
    otel.IncludeFormattedMessage = true;
    otel.AddOtlpExporter(o =>
    {
        o.Endpoint = new Uri(endpoint);
        o.Protocol = endpoint.EndsWith(":4318", StringComparison.Ordinal) ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc;
    });
}));

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

Console.WriteLine($"sent 2 log records to {endpoint}");
