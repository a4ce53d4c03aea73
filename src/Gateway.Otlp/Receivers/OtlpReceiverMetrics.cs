using System.Diagnostics.Metrics;
using Gateway.Diagnostics;

namespace Gateway.Otlp.Receivers;

/// <summary>
/// Record counters named and labelled like the collector's receiver metrics (<c>receiver</c>, <c>transport</c>), so
/// existing dashboards carry over.
/// </summary>
internal static class OtlpReceiverMetrics
{
    public static readonly KeyValuePair<string, object?> ReceiverTag = new("receiver", "otlp");

    public static readonly KeyValuePair<string, object?> GrpcTag = new("transport", "grpc");

    public static readonly KeyValuePair<string, object?> HttpTag = new("transport", "http");

    public static KeyValuePair<string, object?> TransportTag(string transport) => transport == "grpc" ? GrpcTag : HttpTag;

    public static readonly Counter<long> Accepted = GatewayMeter.Instance.CreateCounter<long>("otelcol_receiver_accepted_log_records", "{record}", "Log records handed to the pipeline.");

    /// <summary>Records refused because the pipeline pushed back or was stopping: the client is told to retry.</summary>
    public static readonly Counter<long> Refused = GatewayMeter.Instance.CreateCounter<long>("otelcol_receiver_refused_log_records", "{record}", "Log records refused (backpressure or shutdown).");

    /// <summary>Records dropped as invalid and reported in partial_success: retrying will not help.</summary>
    public static readonly Counter<long> Rejected = GatewayMeter.Instance.CreateCounter<long>("gateway_receiver_rejected_log_records", "{record}", "Invalid log records dropped.");

    /// <summary>
    /// Records accepted with something cut to the envelope limits (max_attributes, max_attribute_value_length,
    /// max_attribute_depth) or a time replaced because it was out of range: whatever is listed in <c>truncated</c>.
    /// </summary>
    public static readonly Counter<long> Truncated = GatewayMeter.Instance.CreateCounter<long>("gateway_receiver_truncated_log_records", "{record}", "Log records accepted with attributes cut to the envelope limits or an out-of-range time replaced.");

    /// <summary>Requests refused because their body could not be decoded (HTTP 400, gRPC INVALID_ARGUMENT): retrying will not help.</summary>
    public static readonly Counter<long> InvalidRequests = GatewayMeter.Instance.CreateCounter<long>("gateway_receiver_invalid_requests", "{request}", "Receiver requests refused as undecodable (HTTP 400, gRPC INVALID_ARGUMENT).");

    /// <summary>Requests refused by a receiver limit, tagged with the limit (max_request_body_size, max_concurrent_requests).</summary>
    public static readonly Counter<long> LimitedRequests = GatewayMeter.Instance.CreateCounter<long>("gateway_receiver_limited_requests", "{request}", "Receiver requests refused by a configured limit.");
}
