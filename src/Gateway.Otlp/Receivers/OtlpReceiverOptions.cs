using Gateway.Configuration;
using Gateway.Otlp.Receivers.Security;

namespace Gateway.Otlp.Receivers;

/// <summary>
/// The <c>receivers: otlp:</c> block, shaped like the collector's so existing configs carry over: only the protocols
/// listed under <c>protocols:</c> listen; <c>otlp:</c> with no block listens on both standard ports.
/// </summary>
public sealed class OtlpReceiverOptions : IValidatableOptions
{
    public const string DefaultGrpcEndpoint = "0.0.0.0:4317";
    public const string DefaultHttpEndpoint = "0.0.0.0:4318";

    public OtlpProtocolsOptions? Protocols { get; set; }

    /// <summary>
    /// Memory the requests being decoded may take together, on both protocols (estimated per request from its size
    /// and record count, see <see cref="Limits.InFlightMemoryBudget"/>); a request that does not fit is answered 503 /
    /// UNAVAILABLE with a retry hint.
    /// </summary>
    public ByteSize MaxInFlightMemory { get; set; } = ByteSize.FromMebibytes(512);

    /// <summary>API keys both protocols require; null (the shipped local config) accepts every request.</summary>
    public ReceiverAuthOptions? Auth { get; set; }

    public bool AuthEnabled => Auth is { Enabled: true };

    /// <summary>The gRPC protocol's options, or null when gRPC is not enabled.</summary>
    public OtlpProtocolEndpointOptions? Grpc => Protocols is null ? new OtlpProtocolEndpointOptions() : Protocols.Grpc;

    public OtlpProtocolEndpointOptions? Http => Protocols is null ? new OtlpProtocolEndpointOptions() : Protocols.Http;

    public static string EndpointOf(OtlpProtocolEndpointOptions options, string fallback) => options.Endpoint ?? fallback;

    public void Validate(OptionsValidationContext context)
    {
        if (Protocols is { Grpc: null, Http: null })
        {
            context.Error("protocols", "enable at least one protocol, e.g. protocols: { grpc: { endpoint: 0.0.0.0:4317 }, http: { endpoint: 0.0.0.0:4318 } }");
        }

        if (Protocols?.Grpc?.Cors is not null)
        {
            context.Error("protocols", "grpc has no cors: block; browsers send OTLP/HTTP, so move cors: under protocols.http");
        }

        foreach (var (name, protocol) in new[] { ("grpc", Grpc), ("http", Http) })
        {
            if (protocol is null) continue;
            var largest = Limits.InFlightMemoryBudget.Estimate(protocol.MaxRequestBodySize.Bytes, protocol.MaxRecordsPerRequest);
            if (MaxInFlightMemory.Bytes < largest)
            {
                context.Error("max_in_flight_memory", $"{MaxInFlightMemory} cannot hold one {name} request at its limits (max_request_body_size {protocol.MaxRequestBodySize} and max_records_per_request {protocol.MaxRecordsPerRequest} take up to {largest / (1024 * 1024) + 1}MiB); raise it to at least that or lower those limits");
            }
        }

        if (Auth is { Enabled: false }) context.Error("auth", "lists no keys; add keys: [ { key: ${env:GATEWAY_API_KEY} } ] or remove auth: to accept every request");

        // gRPC needs HTTP/2 and the HTTP receiver speaks HTTP/1.1, so one port cannot serve both.
        if (Grpc is { } grpc && Http is { } http
            && ListenEndpoint.TryParse(EndpointOf(grpc, DefaultGrpcEndpoint), out var grpcEndpoint) && ListenEndpoint.TryParse(EndpointOf(http, DefaultHttpEndpoint), out var httpEndpoint)
            && grpcEndpoint.Port != 0 && grpcEndpoint.Port == httpEndpoint.Port)
        {
            context.Error("protocols", $"grpc and http both listen on port {grpcEndpoint.Port}; give each its own port, as the collector does (4317 for grpc, 4318 for http)");
        }
    }
}
