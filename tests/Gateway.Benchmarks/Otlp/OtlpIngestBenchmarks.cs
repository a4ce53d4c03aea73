using System.Text;
using BenchmarkDotNet.Attributes;
using Gateway.Configuration;
using Gateway.Envelope;
using Gateway.Otlp.Json;
using Gateway.Otlp.Mapping;
using Gateway.Otlp.Proto.Collector.Logs.V1;
using Gateway.Otlp.Proto.Common.V1;
using Gateway.Otlp.Proto.Logs.V1;
using Gateway.Otlp.Proto.Resource.V1;
using Google.Protobuf;
using KeyValue = Gateway.Otlp.Proto.Common.V1.KeyValue;

namespace Gateway.Benchmarks.Otlp;

/// <summary>
/// The receiver's per-request work for a typical SDK batch: decode and map to envelopes. <see cref="ProtobufBytesToEnvelopes"/>
/// is what the gRPC and HTTP/protobuf receivers do; the object-graph pair (<see cref="DecodeProtobuf"/> then
/// <see cref="MapToEnvelopes"/>) is what OTLP/JSON requests take after <see cref="DecodeJson"/>.
/// </summary>
[MemoryDiagnoser]
public class OtlpIngestBenchmarks
{
    private const int Records = 512;
    private const string TraceHex = "4bf92f3577b34da6a3ce929d0e0e4736";
    private const string SpanHex = "00f067aa0ba902b7";
    private readonly EnvelopeMapper _mapper = new(new EnvelopeOptions(), TimeProvider.System);
    private readonly List<EventEnvelope> _output = new(Records);
    private ExportLogsServiceRequest _request = null!;
    private byte[] _protobuf = null!;
    private byte[] _json = null!;

    [GlobalSetup]
    public void Setup()
    {
        var scope = new ScopeLogs { Scope = new InstrumentationScope { Name = "Shop.Checkout", Version = "2.0.0" } };
        for (var i = 0; i < Records; i++)
        {
            var record = new LogRecord
            {
                TimeUnixNano = 1_795_000_000_000_000_000ul + (ulong)i,
                SeverityNumber = SeverityNumber.Info,
                SeverityText = "Information",
                EventName = "order.placed",
                Body = new AnyValue { StringValue = "Order ord-" + i + " placed" },
                TraceId = ByteString.CopyFrom(Convert.FromHexString(TraceHex)),
                SpanId = ByteString.CopyFrom(Convert.FromHexString(SpanHex)),
            };
            record.Attributes.Add(Text("ctx.order.id", "ord-" + i));
            record.Attributes.Add(Text("user.id", "u-42"));
            record.Attributes.Add(Text("tenant.id", "acme"));
            record.Attributes.Add(Text("session.id", "sess-1"));
            record.Attributes.Add(Text("tags.region", "eu-west"));
            record.Attributes.Add(Text("code.file.path", "/src/Checkout.cs"));
            record.Attributes.Add(new KeyValue { Key = "code.line.number", Value = new AnyValue { IntValue = 42 } });
            record.Attributes.Add(new KeyValue { Key = "total_cents", Value = new AnyValue { IntValue = 12999 } });
            record.Attributes.Add(new KeyValue { Key = "paid", Value = new AnyValue { BoolValue = true } });
            record.Attributes.Add(Text("http.route", "/api/orders"));
            scope.LogRecords.Add(record);
        }

        var resource = new Resource();
        resource.Attributes.Add(Text("service.name", "checkout"));
        resource.Attributes.Add(Text("service.version", "1.4.2"));
        resource.Attributes.Add(Text("deployment.environment.name", "production"));
        resource.Attributes.Add(Text("host.name", "web-1"));
        var resourceLogs = new ResourceLogs { Resource = resource };
        resourceLogs.ScopeLogs.Add(scope);
        _request = new ExportLogsServiceRequest();
        _request.ResourceLogs.Add(resourceLogs);
        _protobuf = _request.ToByteArray();
        // Google.Protobuf writes ids as base64; OTLP/JSON wants hex, so the two id fields are rewritten.
        _json = Encoding.UTF8.GetBytes(JsonFormatter.Default.Format(_request)
            .Replace(Convert.ToBase64String(Convert.FromHexString(TraceHex)), TraceHex, StringComparison.Ordinal)
            .Replace(Convert.ToBase64String(Convert.FromHexString(SpanHex)), SpanHex, StringComparison.Ordinal));
    }

    [Benchmark]
    public int MapToEnvelopes()
    {
        _output.Clear();
        _mapper.Map(_request, _output);
        return _output.Count;
    }

    [Benchmark]
    public int ProtobufBytesToEnvelopes()
    {
        _output.Clear();
        _mapper.Map(_protobuf, _output);
        return _output.Count;
    }

    [Benchmark]
    public int DecodeProtobuf() => ExportLogsServiceRequest.Parser.ParseFrom(_protobuf).ResourceLogs.Count;

    [Benchmark]
    public int DecodeJson() => OtlpJsonReader.Parse(_json).Request.ResourceLogs.Count;

    private static KeyValue Text(string key, string value) => new() { Key = key, Value = new AnyValue { StringValue = value } };
}
