using System.Buffers;
using Gateway.Exporters.Otlp.Configuration;
using Gateway.Otlp.Compression;
using Gateway.Otlp.Proto.Collector.Logs.V1;
using RpcStatus = Gateway.Otlp.Proto.Rpc.Status;
using RetryInfo = Gateway.Otlp.Proto.Rpc.RetryInfo;
using Grpc.Core;
using Grpc.Net.Client;

namespace Gateway.Exporters.Otlp.Transport;

/// <summary>
/// OTLP/gRPC <c>LogsService/Export</c>, answered as the collector's exporter reads it: UNAVAILABLE, DEADLINE_EXCEEDED,
/// ABORTED, OUT_OF_RANGE, DATA_LOSS and CANCELLED are retried, RESOURCE_EXHAUSTED only when the server sent a
/// RetryInfo (its delay is honoured), every other code is permanent.
/// </summary>
internal sealed class OtlpGrpcTransport : IOtlpTransport
{
    private const string ServiceName = "opentelemetry.proto.collector.logs.v1.LogsService";
    private const string StatusDetailsTrailer = "grpc-status-details-bin";

    private static readonly Marshaller<EncodedRequest> RequestMarshaller = new(
        static (request, context) =>
        {
            context.SetPayloadLength(request.Bytes.Length);
            context.GetBufferWriter().Write(request.Bytes.Span);
            context.Complete();
        },
        static _ => throw new NotSupportedException("the exporter never reads a request"));

    private static readonly Marshaller<ExportLogsServiceResponse> ResponseMarshaller = new(
        static (response, context) => context.Complete(Google.Protobuf.MessageExtensions.ToByteArray(response)),
        static context => ExportLogsServiceResponse.Parser.ParseFrom(context.PayloadAsReadOnlySequence()));

    private static readonly Method<EncodedRequest, ExportLogsServiceResponse> Export = new(MethodType.Unary, ServiceName, "Export", RequestMarshaller, ResponseMarshaller);

    private readonly GrpcChannel _channel;
    private readonly CallInvoker _invoker;
    private readonly Metadata _headers;
    private readonly TimeSpan _timeout;

    public OtlpGrpcTransport(OtlpGrpcExporterOptions options, HttpMessageHandler handler)
    {
        Address = AddressOf(options);
        _timeout = options.Timeout;
        _channel = GrpcChannel.ForAddress(Address, new GrpcChannelOptions
        {
            HttpHandler = handler,
            DisposeHttpClient = true,
            CompressionProviders = OtlpCompressionProvider.All(4 * 1024 * 1024),
            MaxSendMessageSize = null,
        });
        _invoker = _channel.CreateCallInvoker();
        _headers = [];
        foreach (var (name, value) in options.Headers) _headers.Add(name.ToLowerInvariant(), value);
        if (options.Compression != OtlpCompression.None) _headers.Add("grpc-internal-encoding-request", options.Compression == OtlpCompression.Zstd ? "zstd" : "gzip");
    }

    public Uri Address { get; }

    public string Destination => Address.ToString();

    /// <summary>An endpoint's URL: as written with a scheme; host:port is https unless <c>tls.insecure</c>, as in the collector.</summary>
    public static Uri AddressOf(OtlpGrpcExporterOptions options)
    {
        var endpoint = options.Endpoint!;
        if (endpoint.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || endpoint.StartsWith("https://", StringComparison.OrdinalIgnoreCase)) return new Uri(endpoint);
        return new Uri((options.Tls.Insecure ? "http://" : "https://") + endpoint);
    }

    public async ValueTask<OtlpAnswer> SendAsync(ReadOnlyMemory<byte> request, CancellationToken cancellationToken)
    {
        try
        {
            var call = _invoker.AsyncUnaryCall(Export, null, new CallOptions(_headers, DateTime.UtcNow + _timeout, cancellationToken), new EncodedRequest(request));
            return OtlpPartialSuccess.Read(await call.ResponseAsync.ConfigureAwait(false));
        }
        catch (RpcException e) when (!cancellationToken.IsCancellationRequested)
        {
            var reason = $"{Address} answered {e.StatusCode}: {e.Status.Detail}";
            var retryDelay = RetryDelay(e.Trailers);
            return e.StatusCode switch
            {
                StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Aborted or StatusCode.OutOfRange or StatusCode.DataLoss or StatusCode.Cancelled =>
                    OtlpAnswer.Of(ExportResult.Retryable(reason, retryDelay)),
                // Without a RetryInfo the server says no retry will help (the collector reads it so too).
                StatusCode.ResourceExhausted when retryDelay is not null => OtlpAnswer.Of(ExportResult.Retryable(reason, retryDelay)),
                _ => OtlpAnswer.Of(ExportResult.Permanent(reason)),
            };
        }
    }

    public void Dispose() => _channel.Dispose();

    /// <summary>The request's bytes as gRPC's reference-typed request (they are written straight into the call's buffer).</summary>
    private sealed record EncodedRequest(ReadOnlyMemory<byte> Bytes);

    /// <summary>The google.rpc.RetryInfo in the status details, if the server sent one.</summary>
    private static TimeSpan? RetryDelay(Metadata trailers)
    {
        var details = trailers.GetValueBytes(StatusDetailsTrailer);
        if (details is null) return null;
        try
        {
            foreach (var detail in RpcStatus.Parser.ParseFrom(details).Details)
            {
                if (detail.TryUnpack<RetryInfo>(out var retryInfo) && retryInfo.RetryDelay is { } delay) return delay.ToTimeSpan();
            }
        }
        catch (Google.Protobuf.InvalidProtocolBufferException)
        {
            // Unreadable details: the backoff decides.
        }

        return null;
    }
}
