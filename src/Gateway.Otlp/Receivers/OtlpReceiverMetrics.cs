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

    /// <summary>Records of refused requests, where their number is known (backpressure, shutdown, limits), tagged with the reason.</summary>
    public static readonly Counter<long> Refused = GatewayMeter.Instance.CreateCounter<long>("otelcol_receiver_refused_log_records", "{record}", "Log records refused (backpressure, shutdown or a limit).");

    /// <summary>Every answer other than success, tagged with <c>reason</c> (see <see cref="Refusals.RefusalReasons"/>).</summary>
    public static readonly Counter<long> RefusedRequests = GatewayMeter.Instance.CreateCounter<long>("otelcol_receiver_refused_requests", "{request}", "Receiver requests answered with anything other than success.");

    /// <summary>JSON requests answered 200 that held no record but had top-level fields OTLP does not know.</summary>
    public static readonly Counter<long> IgnoredRequests = GatewayMeter.Instance.CreateCounter<long>("gateway_receiver_ignored_requests", "{request}", "OTLP/JSON requests with no log record whose unknown top-level fields were ignored.");

    /// <summary>Records dropped as invalid and reported in partial_success: retrying will not help.</summary>
    public static readonly Counter<long> Rejected = GatewayMeter.Instance.CreateCounter<long>("gateway_receiver_rejected_log_records", "{record}", "Invalid log records dropped.");

    /// <summary>Events of the events API (<c>POST /v1/events</c>) accepted, labelled <c>format</c> with the shape they were read as; also counted in <see cref="Accepted"/>.</summary>
    public static readonly Counter<long> AcceptedEvents = GatewayMeter.Instance.CreateCounter<long>("gateway_receiver_accepted_events", "{event}", "Events of the events API (POST /v1/events) handed to the pipeline, by the shape they were read as.");

    /// <summary>
    /// Records accepted with something cut to the envelope limits (max_attributes, max_attribute_value_length,
    /// max_attribute_depth) or a time replaced because it was out of range: whatever is listed in <c>truncated</c>.
    /// </summary>
    public static readonly Counter<long> Truncated = GatewayMeter.Instance.CreateCounter<long>("gateway_receiver_truncated_log_records", "{record}", "Log records accepted with attributes cut to the envelope limits or an out-of-range time replaced.");
}
