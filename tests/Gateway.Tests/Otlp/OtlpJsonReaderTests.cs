using System.Text;
using Gateway.Otlp.Json;
using Gateway.Otlp.Proto.Common.V1;
using Gateway.Otlp.Proto.Logs.V1;
using Gateway.Otlp.Receivers;

namespace Gateway.Tests.Otlp;

public sealed class OtlpJsonReaderTests
{
    [Fact]
    public void ReadsTheOtlpJsonEncodingWithHexIdsIntEnumsAndStringInt64s()
    {
        var request = Parse("""
            {"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"checkout"}}],"droppedAttributesCount":1},
              "scopeLogs":[{"scope":{"name":"Shop","version":"2.0"},"logRecords":[{
                "timeUnixNano":"1795000000123456789","observedTimeUnixNano":1795000000000000000,
                "severityNumber":17,"severityText":"Error","eventName":"order.failed","flags":1,
                "traceId":"4BF92F3577B34DA6A3CE929D0E0E4736","spanId":"00f067aa0ba902b7",
                "body":{"kvlistValue":{"values":[{"key":"k","value":{"arrayValue":{"values":[{"intValue":"-5"},{"doubleValue":1.5},{"boolValue":true},{"bytesValue":"AQID"},{}]}}}]}},
                "attributes":[{"key":"count","value":{"intValue":9007199254740993}},{"key":"unknownField","value":{"stringValue":"x"},"extra":[1,{"a":2}]}],
                "droppedAttributesCount":2}]}]}]}
            """);
        var resourceLogs = Assert.Single(request.ResourceLogs);
        Assert.Equal("checkout", resourceLogs.Resource.Attributes[0].Value.StringValue);
        Assert.Equal(1u, resourceLogs.Resource.DroppedAttributesCount);
        var scopeLogs = Assert.Single(resourceLogs.ScopeLogs);
        Assert.Equal("Shop", scopeLogs.Scope.Name);
        Assert.Equal("2.0", scopeLogs.Scope.Version);
        var record = Assert.Single(scopeLogs.LogRecords);
        Assert.Equal(1795000000123456789ul, record.TimeUnixNano);
        Assert.Equal(1795000000000000000ul, record.ObservedTimeUnixNano);
        Assert.Equal(SeverityNumber.Error, record.SeverityNumber);
        Assert.Equal("Error", record.SeverityText);
        Assert.Equal("order.failed", record.EventName);
        Assert.Equal(1u, record.Flags);
        Assert.Equal("4bf92f3577b34da6a3ce929d0e0e4736", Convert.ToHexStringLower(record.TraceId.Span));
        Assert.Equal("00f067aa0ba902b7", Convert.ToHexStringLower(record.SpanId.Span));
        var array = record.Body.KvlistValue.Values[0].Value.ArrayValue.Values;
        Assert.Equal(-5, array[0].IntValue);
        Assert.Equal(1.5, array[1].DoubleValue);
        Assert.True(array[2].BoolValue);
        Assert.Equal([1, 2, 3], array[3].BytesValue.ToByteArray());
        Assert.Equal(AnyValue.ValueOneofCase.None, array[4].ValueCase);
        Assert.Equal(9007199254740993, record.Attributes[0].Value.IntValue);
        Assert.Equal("x", record.Attributes[1].Value.StringValue);
        Assert.Equal(2u, record.DroppedAttributesCount);
    }

    [Fact]
    public void AcceptsTheProtoFieldNamesAndEnumNamesToo()
    {
        var request = Parse("""
            {"resource_logs":[{"scope_logs":[{"log_records":[{"time_unix_nano":"5","severity_number":"SEVERITY_NUMBER_WARN","severity_text":"w",
              "event_name":"e","trace_id":"","span_id":null,"attributes":[{"key":"a","value":{"string_value":"s","kvlist_value":null}}]}]}]}]}
            """);
        var record = request.ResourceLogs[0].ScopeLogs[0].LogRecords[0];
        Assert.Equal(5ul, record.TimeUnixNano);
        Assert.Equal(SeverityNumber.Warn, record.SeverityNumber);
        Assert.Equal("e", record.EventName);
        Assert.True(record.TraceId.IsEmpty);
        Assert.True(record.SpanId.IsEmpty);
        Assert.Equal("s", record.Attributes[0].Value.StringValue);
    }

    [Fact]
    public void AnEmptyObjectIsAnEmptyRequest()
    {
        Assert.Empty(Parse("{}").ResourceLogs);
    }

    [Theory]
    [InlineData("""{"resourceLogs":[""", "invalid JSON")]
    [InlineData("""not json""", "invalid JSON")]
    [InlineData("""[]""", "expected an object for request")]
    [InlineData("""{"resourceLogs":{}}""", "expected an array for resourceLogs")]
    [InlineData("""{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"traceId":"S/kvNXezTaajzpKdDg5HNg=="}]}]}]}""", "traceId 'S/kvNXezTaajzpKdDg5HNg==' is not hex")]
    [InlineData("""{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"timeUnixNano":"soon"}]}]}]}""", "for timeUnixNano")]
    [InlineData("""{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"severityNumber":99}]}]}]}""", "severityNumber as an integer 0-24")]
    [InlineData("""{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"body":{"intValue":1.5}}]}]}]}""", "for intValue")]
    [InlineData("""{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"body":{"bytesValue":"***"}}]}]}]}""", "base64 text for bytesValue")]
    [InlineData("""{} {}""", "invalid JSON")]
    public void RefusesMalformedBodiesSayingWhatIsWrong(string json, string expected)
    {
        var error = Assert.Throws<OtlpDecodeException>(() => Parse(json));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    private static Gateway.Otlp.Proto.Collector.Logs.V1.ExportLogsServiceRequest Parse(string json) => OtlpJsonReader.Parse(Encoding.UTF8.GetBytes(json));
}
