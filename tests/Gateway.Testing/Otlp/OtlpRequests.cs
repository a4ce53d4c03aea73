using Gateway.Otlp.Proto.Collector.Logs.V1;
using Gateway.Otlp.Proto.Common.V1;
using Gateway.Otlp.Proto.Logs.V1;
using Gateway.Otlp.Proto.Resource.V1;
using Google.Protobuf;

namespace Gateway.Testing.Otlp;

/// <summary>Hand-made OTLP requests for tests that need exact control over what is on the wire.</summary>
public static class OtlpRequests
{
    public static readonly ulong BaseTimeUnixNano = (ulong)Some.BaseTimeUnixNano;

    /// <summary>One resource (service.name checkout plus <paramref name="resource"/>) and one scope holding the records.</summary>
    public static ExportLogsServiceRequest Logs(IEnumerable<LogRecord> records, IEnumerable<KeyValue>? resource = null, string scopeName = "Shop.Checkout", string? scopeVersion = "2.0.0")
    {
        var resourceMessage = new Resource();
        resourceMessage.Attributes.Add(resource ?? [Attr("service.name", "checkout")]);
        var scopeLogs = new ScopeLogs { Scope = new InstrumentationScope { Name = scopeName, Version = scopeVersion ?? string.Empty } };
        scopeLogs.LogRecords.Add(records);
        var resourceLogs = new ResourceLogs { Resource = resourceMessage };
        resourceLogs.ScopeLogs.Add(scopeLogs);
        var request = new ExportLogsServiceRequest();
        request.ResourceLogs.Add(resourceLogs);
        return request;
    }

    public static ExportLogsServiceRequest Logs(params LogRecord[] records) => Logs((IEnumerable<LogRecord>)records);

    /// <summary>An info record with a string body and the given attributes.</summary>
    public static LogRecord Record(string body = "Order placed", params KeyValue[] attributes)
    {
        var record = new LogRecord
        {
            TimeUnixNano = BaseTimeUnixNano,
            ObservedTimeUnixNano = BaseTimeUnixNano + 1_000_000,
            SeverityNumber = SeverityNumber.Info,
            SeverityText = "Information",
            Body = new AnyValue { StringValue = body },
        };
        record.Attributes.Add(attributes);
        return record;
    }

    public static KeyValue Attr(string key, string value) => new() { Key = key, Value = new AnyValue { StringValue = value } };

    public static KeyValue Attr(string key, long value) => new() { Key = key, Value = new AnyValue { IntValue = value } };

    public static KeyValue Attr(string key, double value) => new() { Key = key, Value = new AnyValue { DoubleValue = value } };

    public static KeyValue Attr(string key, bool value) => new() { Key = key, Value = new AnyValue { BoolValue = value } };

    public static KeyValue Attr(string key, AnyValue value) => new() { Key = key, Value = value };

    /// <summary>The request as an OTLP/HTTP protobuf body.</summary>
    public static ByteArrayContent ProtobufContent(ExportLogsServiceRequest request) => ProtobufContent(request.ToByteArray());

    /// <summary>Bytes (valid or not) as an OTLP/HTTP protobuf body.</summary>
    public static ByteArrayContent ProtobufContent(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-protobuf");
        return content;
    }

    /// <summary>Bytes (valid or not) as an OTLP/HTTP JSON body.</summary>
    public static ByteArrayContent JsonContent(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        return content;
    }

    /// <summary>A string to put where invalid UTF-8 should go: four bytes of UTF-8 (C2 A7 C2 A7), found again in the encoded request.</summary>
    public const string InvalidUtf8Placeholder = "\u00a7\u00a7";

    /// <summary>
    /// The request's protobuf bytes with the first <see cref="InvalidUtf8Placeholder"/> replaced by four 0xFF bytes:
    /// invalid UTF-8 of the same length, so the message's structure stays intact (Google.Protobuf cannot write such a string).
    /// </summary>
    public static byte[] WithInvalidUtf8(ExportLogsServiceRequest request)
    {
        var bytes = request.ToByteArray();
        var at = bytes.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(InvalidUtf8Placeholder));
        if (at < 0) throw new ArgumentException($"the request holds no {InvalidUtf8Placeholder} to replace", nameof(request));
        bytes.AsSpan(at, 4).Fill(0xFF);
        return bytes;
    }

    /// <summary>The bytes with one random fault: cut short, a bit flipped, a byte replaced, or a few bytes inserted.</summary>
    public static byte[] Damage(byte[] original, Random random)
    {
        var bytes = (byte[])original.Clone();
        switch (random.Next(4))
        {
            case 0: return bytes[..random.Next(bytes.Length)];
            case 1:
                bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
                return bytes;
            case 2:
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                return bytes;
            default:
                var at = random.Next(bytes.Length);
                var inserted = new byte[random.Next(1, 4)];
                random.NextBytes(inserted);
                return [.. bytes[..at], .. inserted, .. bytes[at..]];
        }
    }

    public static ByteString Hex(string hex) => ByteString.CopyFrom(Convert.FromHexString(hex));
}
