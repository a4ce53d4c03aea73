using Google.Protobuf;
using Gateway.Otlp.Proto.Collector.Logs.V1;
using Gateway.Otlp.Proto.Common.V1;
using Gateway.Otlp.Proto.Logs.V1;
using Gateway.Otlp.Proto.Resource.V1;
using OtlpKeyValue = Gateway.Otlp.Proto.Common.V1.KeyValue;

namespace Gateway.Benchmarks.Load;

/// <summary>
/// Builds realistic OTLP log batches: about 300 bytes a record, an event name, 8-12 attributes (some with e-mails
/// and ids for redaction to find), levels mixed 20% debug / 55% info / 15% warn / 10% error with an exception,
/// sessions drawn from a pool of 1,000 so sampling decides as in production. Each sender owns one factory, which
/// re-stamps its prebuilt records (time, send time, sequence) instead of allocating new ones.
/// </summary>
public sealed class LoadRecordFactory
{
    private static readonly string[] Names = ["order.placed", "cart.updated", "page.viewed", "search.performed", "payment.authorized", "user.signed_in", "inventory.checked", "email.queued"];
    private static readonly string[] Routes = ["/api/orders", "/api/cart", "/", "/search", "/api/payments", "/login"];
    private readonly Random _random;
    private readonly ExportLogsServiceRequest _request;
    private readonly LogRecord[] _records;
    private readonly AnyValue[] _sentValues;
    private readonly AnyValue[] _sequenceValues;
    private long _sequence;

    public LoadRecordFactory(int batchSize, int seed)
    {
        _random = new Random(seed);
        _records = new LogRecord[batchSize];
        _sentValues = new AnyValue[batchSize];
        _sequenceValues = new AnyValue[batchSize];
        var scope = new ScopeLogs { Scope = new InstrumentationScope { Name = "Shop.Web", Version = "1.0.0" } };
        for (var i = 0; i < batchSize; i++)
        {
            _sentValues[i] = new AnyValue { IntValue = 0 };
            _sequenceValues[i] = new AnyValue { IntValue = 0 };
            _records[i] = CreateRecord(_sentValues[i], _sequenceValues[i]);
            scope.LogRecords.Add(_records[i]);
        }

        var resource = new Resource();
        resource.Attributes.Add(Attribute("service.name", "shop-" + (seed % 4)));
        resource.Attributes.Add(Attribute("service.version", "3.2.1"));
        resource.Attributes.Add(Attribute("deployment.environment.name", "load"));
        resource.Attributes.Add(Attribute("host.name", "load-host-" + seed));
        resource.Attributes.Add(Attribute("telemetry.sdk.language", "dotnet"));
        var resourceLogs = new ResourceLogs { Resource = resource };
        resourceLogs.ScopeLogs.Add(scope);
        _request = new ExportLogsServiceRequest();
        _request.ResourceLogs.Add(resourceLogs);
    }

    public int BatchSize => _records.Length;

    /// <summary>Stamps the batch with the current time and fresh sequence numbers (unique ids, so nothing is deduplicated).</summary>
    public ExportLogsServiceRequest Next()
    {
        var now = (ulong)BulkSink.NowNs();
        for (var i = 0; i < _records.Length; i++)
        {
            _records[i].TimeUnixNano = now;
            _records[i].ObservedTimeUnixNano = now;
            _sentValues[i].IntValue = (long)now;
            _sequenceValues[i].IntValue = Interlocked.Increment(ref _sequence);
        }

        return _request;
    }

    private LogRecord CreateRecord(AnyValue sent, AnyValue sequence)
    {
        var roll = _random.Next(100);
        var (severity, text) = roll switch
        {
            < 20 => (SeverityNumber.Debug, "Debug"),
            < 75 => (SeverityNumber.Info, "Information"),
            < 90 => (SeverityNumber.Warn, "Warning"),
            _ => (SeverityNumber.Error, "Error"),
        };
        var session = _random.Next(1000);
        var record = new LogRecord
        {
            SeverityNumber = severity,
            SeverityText = text,
            EventName = Names[_random.Next(Names.Length)],
            Body = new AnyValue { StringValue = "Request handled for customer " + session },
            TraceId = ByteString.CopyFrom(RandomBytes(16)),
            SpanId = ByteString.CopyFrom(RandomBytes(8)),
        };
        record.Attributes.Add(Attribute("session.id", "sess-" + session));
        record.Attributes.Add(Attribute("user.id", "u-" + _random.Next(100_000)));
        record.Attributes.Add(Attribute("ctx.order.id", "ord-" + _random.Next(1_000_000)));
        record.Attributes.Add(Attribute("http.route", Routes[_random.Next(Routes.Length)]));
        record.Attributes.Add(new OtlpKeyValue { Key = "http.status_code", Value = new AnyValue { IntValue = severity >= SeverityNumber.Error ? 500 : 200 } });
        record.Attributes.Add(new OtlpKeyValue { Key = "duration_ms", Value = new AnyValue { DoubleValue = Math.Round(_random.NextDouble() * 250, 2) } });
        record.Attributes.Add(Attribute("customer.email", $"customer{session}@example.com"));
        record.Attributes.Add(new OtlpKeyValue { Key = "load.sent_ns", Value = sent });
        record.Attributes.Add(new OtlpKeyValue { Key = "load.seq", Value = sequence });
        if (_random.Next(2) == 0) record.Attributes.Add(new OtlpKeyValue { Key = "feature.new_checkout", Value = new AnyValue { BoolValue = true } });
        if (_random.Next(2) == 0) record.Attributes.Add(Attribute("tenant.id", "tenant-" + _random.Next(50)));
        if (severity == SeverityNumber.Error)
        {
            record.Attributes.Add(Attribute("exception.type", "System.InvalidOperationException"));
            record.Attributes.Add(Attribute("exception.message", "Payment provider timed out"));
            record.Attributes.Add(Attribute("exception.stacktrace", "System.InvalidOperationException: Payment provider timed out\n   at Shop.Payments.Charge(Order order) in /src/Payments.cs:line 88\n   at Shop.Checkout.Place(Cart cart) in /src/Checkout.cs:line 42"));
        }

        return record;
    }

    private byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        _random.NextBytes(bytes);
        return bytes;
    }

    private static OtlpKeyValue Attribute(string key, string value) => new() { Key = key, Value = new AnyValue { StringValue = value } };
}
