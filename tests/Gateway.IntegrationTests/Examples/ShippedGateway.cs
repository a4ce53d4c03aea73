using Gateway.Testing;

namespace Gateway.IntegrationTests.Examples;

/// <summary>The gateway a newcomer runs (<c>dotnet run --project src/Gateway</c>): the shipped gateway.yaml, on loopback ports.</summary>
internal static class ShippedGateway
{
    public static Task<TestGateway> StartAsync(string config = "gateway.yaml") => TestGateway.StartAsync(ShippedConfigs.OnLoopback(config));

    /// <summary>The OTLP endpoint as a user writes it in OTEL_EXPORTER_OTLP_ENDPOINT (no trailing slash).</summary>
    public static string Endpoint(Uri address) => address.GetLeftPart(UriPartial.Authority);
}
