using System.Buffers;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Gateway.Envelope;
using Gateway.Exporters.Sentry.Events;
using Gateway.Exporters.Sentry;
using Gateway.Exporters.Sentry.Transport;
using Gateway.Testing;

namespace Gateway.Benchmarks.Sentry;

/// <summary>The Sentry exporter's per-event cost: event JSON (with and without a stack to parse) and the gzipped envelope.</summary>
[MemoryDiagnoser]
public class SentryEventWriterBenchmarks
{
    private const string DotNetStack = """
        System.InvalidOperationException: Payment for order ord-1001 failed
         ---> System.Net.Http.HttpRequestException: Connection refused (payments.internal:443)
           at System.Net.Http.HttpConnectionPool.ConnectToTcpHostAsync(String host, Int32 port, HttpRequestMessage initialRequest, Boolean async, CancellationToken cancellationToken)
           at Shop.Payments.PaymentClient.ChargeAsync(Order order, CancellationToken ct) in /src/Shop.Payments/PaymentClient.cs:line 57
           --- End of inner exception stack trace ---
           at Shop.Checkout.OrderService.PlaceAsync(Order order, CancellationToken ct) in /src/Shop.Checkout/OrderService.cs:line 42
           at Microsoft.AspNetCore.Routing.EndpointMiddleware.Invoke(HttpContext httpContext)
        """;

    private readonly ArrayBufferWriter<byte> _buffer = new(16 * 1024);
    private SentryEventWriter _events = null!;
    private SentryEnvelopeWriter _envelopes = null!;
    private Utf8JsonWriter _writer = null!;
    private EventEnvelope _withStack = null!;
    private EventEnvelope _withoutStack = null!;

    [GlobalSetup]
    public void Setup()
    {
        _events = new SentryEventWriter(new SentryExporterOptions { Dsn = "https://k@sentry.example.com/1", TagAttributes = ["ctx.order.id"] });
        _envelopes = new SentryEnvelopeWriter(_events);
        _writer = new Utf8JsonWriter(_buffer);
        _withStack = Some.Envelope(level: EventLevel.Error, error: Some.Error(stack: DotNetStack));
        _withoutStack = Some.Envelope(level: EventLevel.Error, error: Some.Error(message: "order 1001 timed out after 30s"));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _writer.Dispose();
        _envelopes.Dispose();
    }

    [Benchmark]
    public int EventWithDotNetStack() => Write(_withStack);

    [Benchmark]
    public int EventWithFingerprint() => Write(_withoutStack);

    [Benchmark]
    public int GzippedEnvelope() => _envelopes.Write(_withStack, Some.BaseTimeUnixNano).Length;

    private int Write(EventEnvelope envelope)
    {
        _buffer.ResetWrittenCount();
        _writer.Reset();
        _events.Write(_writer, envelope);
        _writer.Flush();
        return _buffer.WrittenCount;
    }
}
