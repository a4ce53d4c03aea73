using Gateway.Configuration;
using Gateway.Otlp.Receivers;

namespace Gateway.Host.Hosting;

/// <summary>Every address a configuration makes the gateway listen on, with the key that sets it (defaults included: the key is where to change them).</summary>
public static class ConfiguredListeners
{
    public static IEnumerable<(string Key, string Endpoint)> Of(GatewayConfig config)
    {
        foreach (var (id, options) in config.Receivers)
        {
            if (options is not OtlpReceiverOptions otlp) continue;
            if (otlp.Grpc is { } grpc) yield return ($"receivers.{id}.protocols.grpc.endpoint", OtlpReceiverOptions.EndpointOf(grpc, OtlpReceiverOptions.DefaultGrpcEndpoint));
            if (otlp.Http is { } http) yield return ($"receivers.{id}.protocols.http.endpoint", OtlpReceiverOptions.EndpointOf(http, OtlpReceiverOptions.DefaultHttpEndpoint));
        }

        if (config.Service.Telemetry.Enabled) yield return ("service.telemetry.endpoint", config.Service.Telemetry.Endpoint);
    }
}
