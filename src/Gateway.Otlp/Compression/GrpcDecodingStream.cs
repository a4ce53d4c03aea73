using Gateway.Otlp.Receivers;
using Gateway.Otlp.Receivers.Http;
using Grpc.Core;

namespace Gateway.Otlp.Compression;

/// <summary>
/// Turns the refusals of a <see cref="DecodingStream"/> into the gRPC statuses a client understands: the exception
/// thrown while Grpc.AspNetCore reads the message becomes the call's status.
/// </summary>
internal sealed class GrpcDecodingStream(DecodingStream decoded, long limit) : ReadOnlyStream
{
    public override int Read(Span<byte> buffer)
    {
        try
        {
            return decoded.Read(buffer);
        }
        catch (Exception e) when (AsStatus(e) is { } status)
        {
            throw status;
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            return await decoded.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (AsStatus(e) is { } status)
        {
            throw status;
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) decoded.Dispose();
        base.Dispose(disposing);
    }

    private RpcException? AsStatus(Exception e) => e switch
    {
        RequestBodyTooLargeException => new RpcException(new Status(StatusCode.ResourceExhausted,
            $"the message is larger than max_request_body_size ({limit} bytes) once decompressed ({BodyEncodings.NameOf(decoded.Encoding)})")),
        OtlpDecodeException => new RpcException(new Status(StatusCode.InvalidArgument, e.Message)),
        _ => null,
    };
}
