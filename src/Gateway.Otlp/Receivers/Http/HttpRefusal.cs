using GrpcCode = Grpc.Core.StatusCode;

namespace Gateway.Otlp.Receivers.Http;

/// <summary>The answer to an HTTP request refused before its body was handed to the pipeline: status, the gRPC code its google.rpc.Status carries, the reason label and what the client reads.</summary>
internal readonly record struct HttpRefusal(int Status, GrpcCode Code, string Reason, string Message);
