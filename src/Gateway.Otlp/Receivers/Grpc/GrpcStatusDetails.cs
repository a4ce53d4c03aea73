using Gateway.Otlp.Proto.Rpc;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Gateway.Otlp.Receivers.Grpc;

/// <summary>Builds gRPC errors that carry a google.rpc.Status in the <c>grpc-status-details-bin</c> trailer.</summary>
public static class GrpcStatusDetails
{
    public const string TrailerName = "grpc-status-details-bin";

    /// <summary>The smallest delay announced; a zero RetryInfo would invite a client to hammer a full queue.</summary>
    public static readonly TimeSpan MinimumRetryDelay = TimeSpan.FromSeconds(1);

    public static RpcException ResourceExhausted(string message, TimeSpan retryAfter) => WithRetryInfo(StatusCode.ResourceExhausted, message, retryAfter);

    /// <summary>UNAVAILABLE is retried by the SDKs anyway; the RetryInfo tells them how long to wait instead of their own backoff.</summary>
    public static RpcException Unavailable(string message, TimeSpan retryAfter) => WithRetryInfo(StatusCode.Unavailable, message, retryAfter);

    private static RpcException WithRetryInfo(StatusCode code, string message, TimeSpan retryAfter)
    {
        var delay = retryAfter < MinimumRetryDelay ? MinimumRetryDelay : retryAfter;
        var status = new Proto.Rpc.Status { Code = (int)code, Message = message };
        status.Details.Add(Any.Pack(new RetryInfo { RetryDelay = Duration.FromTimeSpan(delay) }));
        var trailers = new Metadata { { TrailerName, status.ToByteArray() } };
        return new RpcException(new global::Grpc.Core.Status(code, message), trailers);
    }
}
