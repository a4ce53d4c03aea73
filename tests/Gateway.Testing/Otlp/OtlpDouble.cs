using System.Buffers.Binary;
using System.Collections.Concurrent;
using Gateway.Otlp.Compression;
using Gateway.Otlp.Proto.Collector.Logs.V1;
using Gateway.Otlp.Proto.Rpc;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace Gateway.Testing.Otlp;

/// <summary>
/// An OTLP receiver double on loopback, OTLP/HTTP (HTTP/1.1) and OTLP/gRPC (HTTP/2) on ports the OS picks, that
/// answers as scripted (<see cref="Script"/>), then with success, and keeps every request it was sent with the time
/// it arrived. It decodes gzip and zstd bodies and messages as a collector does.
/// </summary>
public sealed class OtlpDouble : IAsyncDisposable
{
    private const long MaxBody = 64 * 1024 * 1024;
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<OtlpScriptedAnswer> _script = new();
    private readonly ConcurrentQueue<ReceivedOtlpRequest> _received = new();

    private OtlpDouble(WebApplication app) => _app = app;

    public Uri HttpEndpoint { get; private set; } = null!;

    public Uri GrpcEndpoint { get; private set; } = null!;

    /// <summary>Every request, in arrival order, whatever it was answered.</summary>
    public IReadOnlyList<ReceivedOtlpRequest> Received => [.. _received];

    public static async Task<OtlpDouble> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        ListenOptions? http = null, grpc = null;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = MaxBody;
            kestrel.Listen(System.Net.IPAddress.Loopback, 0, o => { o.Protocols = HttpProtocols.Http1; http = o; });
            kestrel.Listen(System.Net.IPAddress.Loopback, 0, o => { o.Protocols = HttpProtocols.Http2; grpc = o; });
        });
        var app = builder.Build();
        var double_ = new OtlpDouble(app);
        app.MapPost("/v1/logs", double_.HandleHttpAsync);
        app.MapPost("/opentelemetry.proto.collector.logs.v1.LogsService/Export", double_.HandleGrpcAsync);
        await app.StartAsync().ConfigureAwait(false);
        double_.HttpEndpoint = new Uri($"http://127.0.0.1:{http!.IPEndPoint!.Port}/");
        double_.GrpcEndpoint = new Uri($"http://127.0.0.1:{grpc!.IPEndPoint!.Port}/");
        return double_;
    }

    /// <summary>Answers the next requests so, one each, before going back to success.</summary>
    public void Script(params OtlpScriptedAnswer[] answers)
    {
        foreach (var answer in answers) _script.Enqueue(answer);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private async Task HandleHttpAsync(HttpContext context)
    {
        var encoding = context.Request.Headers.ContentEncoding.ToString();
        var body = await ReadAllAsync(context.Request.Body, encoding.Length == 0 ? null : encoding).ConfigureAwait(false);
        var json = context.Request.ContentType?.StartsWith("application/json", StringComparison.Ordinal) == true;
        var answer = Record(body, "http", encoding, json);
        var response = context.Response;
        if (answer is null or { HttpStatus: 200 })
        {
            response.ContentType = "application/x-protobuf";
            await response.Body.WriteAsync(Success(answer).ToByteArray()).ConfigureAwait(false);
            return;
        }

        response.StatusCode = answer.HttpStatus;
        if (answer.RetryAfter is { } delay) response.Headers.RetryAfter = ((int)Math.Ceiling(delay.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        response.ContentType = "application/x-protobuf";
        await response.Body.WriteAsync(new Status { Code = (int)answer.GrpcStatus, Message = answer.Message }.ToByteArray()).ConfigureAwait(false);
    }

    private async Task HandleGrpcAsync(HttpContext context)
    {
        var framed = await ReadAllAsync(context.Request.Body, null).ConfigureAwait(false);
        var compressed = framed[0] == 1;
        var encoding = context.Request.Headers["grpc-encoding"].ToString();
        var message = framed.AsSpan(5, (int)BinaryPrimitives.ReadUInt32BigEndian(framed.AsSpan(1))).ToArray();
        if (compressed) message = await ReadAllAsync(new MemoryStream(message), encoding).ConfigureAwait(false);
        var answer = Record(message, "grpc", compressed ? encoding : "", json: false);
        var response = context.Response;
        response.ContentType = "application/grpc";
        if (answer is null or { GrpcStatus: Grpc.Core.StatusCode.OK })
        {
            var payload = Success(answer).ToByteArray();
            var frame = new byte[5 + payload.Length];
            BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)payload.Length);
            payload.CopyTo(frame, 5);
            await response.Body.WriteAsync(frame).ConfigureAwait(false);
            response.AppendTrailer("grpc-status", "0");
            return;
        }

        await response.StartAsync().ConfigureAwait(false);
        response.AppendTrailer("grpc-status", ((int)answer.GrpcStatus).ToString(System.Globalization.CultureInfo.InvariantCulture));
        response.AppendTrailer("grpc-message", Uri.EscapeDataString(answer.Message));
        if (answer.RetryAfter is { } delay)
        {
            var status = new Status { Code = (int)answer.GrpcStatus, Message = answer.Message };
            status.Details.Add(Any.Pack(new RetryInfo { RetryDelay = Duration.FromTimeSpan(delay) }));
            response.AppendTrailer("grpc-status-details-bin", Convert.ToBase64String(status.ToByteArray()).TrimEnd('='));
        }
    }

    private OtlpScriptedAnswer? Record(byte[] body, string transport, string encoding, bool json)
    {
        var request = json ? ExportLogsServiceRequest.Parser.WithDiscardUnknownFields(true).ParseJson(System.Text.Encoding.UTF8.GetString(body)) : ExportLogsServiceRequest.Parser.ParseFrom(body);
        var answer = _script.TryDequeue(out var scripted) ? scripted : null;
        _received.Enqueue(new ReceivedOtlpRequest(request, transport, encoding, json, DateTimeOffset.UtcNow, answer));
        return answer;
    }

    private static ExportLogsServiceResponse Success(OtlpScriptedAnswer? answer) => answer is { PartiallyRejected: > 0 } partial
        ? new ExportLogsServiceResponse { PartialSuccess = new ExportLogsPartialSuccess { RejectedLogRecords = partial.PartiallyRejected, ErrorMessage = partial.Message } }
        : new ExportLogsServiceResponse();

    private static async Task<byte[]> ReadAllAsync(Stream body, string? encoding)
    {
        using var output = new MemoryStream();
        if (encoding is null or "" or "identity")
        {
            await body.CopyToAsync(output).ConfigureAwait(false);
            return output.ToArray();
        }

        var codec = encoding switch
        {
            "gzip" => BodyEncoding.Gzip,
            "zstd" => BodyEncoding.Zstd,
            _ => throw new InvalidOperationException($"the OTLP double does not decode {encoding}"),
        };
        await using (var decoder = new OtlpCompressionProvider(codec, MaxBody).CreateDecompressionStream(body)) await decoder.CopyToAsync(output).ConfigureAwait(false);
        return output.ToArray();
    }
}
