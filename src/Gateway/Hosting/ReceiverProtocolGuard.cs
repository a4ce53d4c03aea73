using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Text;
using Gateway.Otlp.Receivers.Refusals;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Host.Hosting;

/// <summary>
/// The most common first-hour mistake is the port of the other protocol: OTLP/HTTP sent to 4317, or gRPC to 4318.
/// Kestrel answers both at the connection level (a bare 400, an HTTP/2 GOAWAY) without a word in the gateway's log or
/// metrics, and the SDKs print nothing either. On a plaintext receiver listener this looks at a connection's first
/// bytes: an HTTP/1.1 request line on the gRPC port gets a 400 that says which port takes OTLP/HTTP; the HTTP/2
/// preface on the HTTP port is left to Kestrel's answer. Both are counted as <see cref="RefusalReasons.WrongProtocol"/>
/// and logged. Everything else passes untouched: nothing is consumed, so Kestrel reads the same bytes.
/// </summary>
internal static class ReceiverProtocolGuard
{
    /// <summary>Enough of the first bytes to tell an HTTP/1.1 request line ("OPTIONS " is the longest method) from the HTTP/2 preface.</summary>
    private const int DecisionBytes = 8;

    /// <summary>How much of an HTTP/1.1 request line is quoted back (method and path).</summary>
    private const int QuotedRequestLine = 120;

    private static readonly byte[] Http2Preface = "PRI * HTTP/2.0"u8.ToArray();

    /// <param name="otherAddress">Where the other protocol listens (bound at start), for the message; null when it is off.</param>
    public static void Attach(ListenOptions listener, string transport, Func<IPEndPoint?> otherAddress)
    {
        var refusals = listener.ApplicationServices.GetRequiredService<ReceiverRefusals>();
        var grpcPort = transport == "grpc";
        listener.Use(next => async connection =>
        {
            var input = connection.Transport.Input;
            ReadResult read;
            try
            {
                read = await input.ReadAsync(connection.ConnectionClosed).ConfigureAwait(false);
                while (Classify(read.Buffer) == FirstBytes.TooFew && !read.IsCompleted)
                {
                    input.AdvanceTo(read.Buffer.Start, read.Buffer.End);
                    read = await input.ReadAsync(connection.ConnectionClosed).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or ConnectionResetException or ConnectionAbortedException or IOException)
            {
                return;
            }

            var seen = Classify(read.Buffer);
            if (grpcPort && seen == FirstBytes.Http1)
            {
                var requestLine = RequestLine(read.Buffer);
                input.AdvanceTo(read.Buffer.End);
                var other = otherAddress();
                var message = $"this port ({connection.LocalEndPoint}) takes OTLP/gRPC (HTTP/2) only, and received an HTTP/1.1 request ({requestLine}). "
                    + (other is null ? "OTLP/HTTP is off in this gateway's configuration; send gRPC here (OTEL_EXPORTER_OTLP_PROTOCOL=grpc)" : $"Send OTLP/HTTP to port {other.Port} (POST /v1/logs), or gRPC here (OTEL_EXPORTER_OTLP_PROTOCOL=grpc)");
                refusals.Count("grpc", RefusalReasons.WrongProtocol, "400", message);
                await AnswerAsync(connection, message).ConfigureAwait(false);
                return;
            }

            if (!grpcPort && seen == FirstBytes.Http2)
            {
                var other = otherAddress();
                refusals.Count("http", RefusalReasons.WrongProtocol, "HTTP_1_1_REQUIRED",
                    $"this port ({connection.LocalEndPoint}) takes OTLP/HTTP (HTTP/1.1) only, and received an HTTP/2 connection (a gRPC client?). "
                    + (other is null ? "OTLP/gRPC is off in this gateway's configuration; send OTLP/HTTP here (OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf)" : $"Send OTLP/gRPC to port {other.Port}, or OTLP/HTTP here (OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf)"));
            }

            // Nothing consumed or examined: Kestrel reads these bytes again.
            input.AdvanceTo(read.Buffer.Start);
            await next(connection).ConfigureAwait(false);
        });
    }

    private static FirstBytes Classify(ReadOnlySequence<byte> buffer)
    {
        Span<byte> first = stackalloc byte[DecisionBytes];
        var length = (int)Math.Min(buffer.Length, DecisionBytes);
        buffer.Slice(0, length).CopyTo(first);
        first = first[..length];
        if (length == 0) return FirstBytes.TooFew;
        if (Http2Preface.AsSpan().StartsWith(first)) return length >= 4 ? FirstBytes.Http2 : FirstBytes.TooFew;
        for (var i = 0; i < length; i++)
        {
            var b = first[i];
            if (b == (byte)' ') return i >= 3 ? FirstBytes.Http1 : FirstBytes.Other;
            if (b is < (byte)'A' or > (byte)'Z') return FirstBytes.Other;
        }

        return length < DecisionBytes ? FirstBytes.TooFew : FirstBytes.Other;
    }

    /// <summary>The request line as far as it arrived ("POST /v1/logs"), printable ASCII only, bounded.</summary>
    private static string RequestLine(ReadOnlySequence<byte> buffer)
    {
        Span<byte> start = stackalloc byte[QuotedRequestLine];
        var length = (int)Math.Min(buffer.Length, QuotedRequestLine);
        buffer.Slice(0, length).CopyTo(start);
        var text = new StringBuilder(length);
        foreach (var b in start[..length])
        {
            if (b is (byte)'\r' or (byte)'\n') break;
            text.Append(b is >= 0x20 and < 0x7F ? (char)b : '?');
        }

        var line = text.ToString();
        var version = line.LastIndexOf(" HTTP/", StringComparison.Ordinal);
        return version > 0 ? line[..version] : line;
    }

    private static async Task AnswerAsync(ConnectionContext connection, string message)
    {
        var body = Encoding.UTF8.GetBytes(message + ".\n");
        var head = Encoding.ASCII.GetBytes($"HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n");
        try
        {
            await connection.Transport.Output.WriteAsync(head).ConfigureAwait(false);
            await connection.Transport.Output.WriteAsync(body).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ConnectionResetException or ConnectionAbortedException or IOException or InvalidOperationException)
        {
            // The client left first; the refusal is counted already.
        }
    }

    private enum FirstBytes
    {
        TooFew,
        Http1,
        Http2,
        Other,
    }
}
