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
    [InlineData("""{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"severityNumber":99}]}]}]}""", "severityNumber as an integer 0-24")]
    [InlineData("""{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"body":{"intValue":1.5}}]}]}]}""", "for intValue")]
    [InlineData("""{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"body":{"bytesValue":"***"}}]}]}]}""", "base64 text for bytesValue")]
    [InlineData("""{} {}""", "invalid JSON")]
    public void RefusesMalformedBodiesSayingWhatIsWrong(string json, string expected)
    {
        var error = Assert.Throws<OtlpDecodeException>(() => Parse(json));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ARefusalNamesTheJsonPathOfTheOffendingValue()
    {
        var error = Assert.Throws<OtlpDecodeException>(() => Parse("""
            {"resourceLogs":[{"scopeLogs":[{"logRecords":[{},{"attributes":[{"key":"a","value":{"intValue":1}},{"key":"b","value":{"intValue":"x"}}]}]}]}]}
            """));
        Assert.Contains("(at resourceLogs[0].scopeLogs[0].logRecords[1].attributes[1].value.intValue, byte ", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Escaped lone surrogates: a protobuf string (UTF-8) cannot hold them.</summary>
    [Theory]
    [InlineData("""{"resourceLogs":[{"scopeLogs":[{"logRecords":[{},{"attributes":[{"key":"k","value":{"stringValue":"x\ud800y"}}]}]}]}]}""", "resourceLogs[0].scopeLogs[0].logRecords[1].attributes[0].value.stringValue")]
    [InlineData("""{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"body":{"stringValue":"\udc00"}}]}]}]}""", "resourceLogs[0].scopeLogs[0].logRecords[0].body.stringValue")]
    [InlineData("""{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"attributes":[{"key":"\ud83d","value":{}}]}]}]}]}""", "resourceLogs[0].scopeLogs[0].logRecords[0].attributes[0].key")]
    [InlineData("""{"resourceLogs":[{"resource":{"attributes":[{"key":"host","value":{"arrayValue":{"values":[{"stringValue":"ok"},{"stringValue":"\ud800\ud800"}]}}}]}}]}""", "resourceLogs[0].resource.attributes[0].value.arrayValue.values[1].stringValue")]
    [InlineData("""{"resourceLogs":[{"scopeLogs":[{"scope":{"name":"\udfff"}}]}]}""", "resourceLogs[0].scopeLogs[0].scope.name")]
    public void EscapesThatAreNotUnicodeAreRefusedNamingTheField(string json, string path)
    {
        var error = Assert.Throws<OtlpDecodeException>(() => Parse(json));
        Assert.StartsWith(path + ", byte ", error.Message, StringComparison.Ordinal);
        Assert.Contains("is not valid Unicode text", error.Message, StringComparison.Ordinal);
        Assert.Contains("U+FFFD", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[] { 0xFF })]
    [InlineData(new byte[] { 0xC3 })]
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })] // a surrogate encoded as if it were a character (CESU-8)
    [InlineData(new byte[] { 0xC0, 0xAF })] // an over-long encoding
    public void RawBytesThatAreNotUtf8AreRefusedNamingTheField(byte[] invalid)
    {
        byte[] json = [.. """{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"severityText":"a"""u8, .. invalid, .. "\"}]}]}]}"u8];
        var error = Assert.Throws<OtlpDecodeException>(() => OtlpJsonReader.Parse(json));
        Assert.StartsWith("resourceLogs[0].scopeLogs[0].logRecords[0].severityText, byte ", error.Message, StringComparison.Ordinal);
    }

    /// <summary>The proto JSON mapping of uint64: a number or a decimal string, exponent notation when it is whole.</summary>
    [Theory]
    [InlineData("\"1795000000123456789\"", 1795000000123456789ul)]
    [InlineData("1795000000123456789", 1795000000123456789ul)]
    [InlineData("\"1.795e18\"", 1795000000000000000ul)]
    [InlineData("1.795E+18", 1795000000000000000ul)]
    [InlineData("\"18446744073709551615\"", ulong.MaxValue)]
    [InlineData("0", 0ul)]
    [InlineData("null", 0ul)]
    public void RecordTimesAreReadInEveryFormTheProtoJsonMappingAllows(string value, ulong expected)
    {
        var parsed = OtlpJsonReader.Parse(Encoding.UTF8.GetBytes($$$"""{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"timeUnixNano":{{{value}}},"observedTimeUnixNano":{{{value}}}}]}]}]}"""));
        var record = parsed.Request.ResourceLogs[0].ScopeLogs[0].LogRecords[0];
        Assert.Equal(expected, record.TimeUnixNano);
        Assert.Equal(expected, record.ObservedTimeUnixNano);
        Assert.Null(parsed.Faults);
    }

    [Theory]
    [InlineData("\"-1\"", "\"-1\" is negative")]
    [InlineData("-1", "\"-1\" is negative")]
    [InlineData("-1e30", "\"-1e30\" is negative")]
    [InlineData("1.5", "\"1.5\" is not a whole number")]
    [InlineData("\"1795000000123456789.5\"", "is not a whole number")]
    [InlineData("\"NaN\"", "\"NaN\" is not a number")]
    [InlineData("\"Infinity\"", "\"Infinity\" is not a number")]
    [InlineData("\"soon\"", "\"soon\" is not a number")]
    [InlineData("\"\"", "\"\" is not a number")]
    [InlineData("\" 5\"", "\" 5\" is not a number")]
    [InlineData("\"18446744073709551616\"", "is past the uint64 range")]
    [InlineData("1e30", "is past the uint64 range")]
    [InlineData("true", "is a boolean")]
    [InlineData("{\"seconds\":5}", "is an object")]
    [InlineData("[1,[2]]", "is an array")]
    public void ARecordTimeThatIsNotAUint64IsAFaultOfThatRecordOnly(string value, string reason)
    {
        var parsed = OtlpJsonReader.Parse(Encoding.UTF8.GetBytes($$$"""
            {"resourceLogs":[{"scopeLogs":[{"logRecords":[{"body":{"stringValue":"first"}}]}]},
              {"scopeLogs":[{"logRecords":[{"body":{"stringValue":"second"}},{"observedTimeUnixNano":{{{value}}},"body":{"stringValue":"bad"}},{"timeUnixNano":"5","body":{"stringValue":"after"}}]}]}]}
            """));
        Assert.NotNull(parsed.Faults);
        Assert.Equal(1, parsed.Faults.Count);
        var fault = parsed.Faults.ReasonFor(2);
        Assert.NotNull(fault);
        Assert.StartsWith("observedTimeUnixNano ", fault, StringComparison.Ordinal);
        Assert.Contains(reason, fault, StringComparison.Ordinal);
        Assert.Contains("unsigned nanoseconds since the Unix epoch", fault, StringComparison.Ordinal);
        // Reading went on past the bad value: the record's other fields and the records after it are intact.
        var records = parsed.Request.ResourceLogs[1].ScopeLogs[0].LogRecords;
        Assert.Equal("bad", records[1].Body.StringValue);
        Assert.Equal(5ul, records[2].TimeUnixNano);
    }

    /// <summary>
    /// Whatever bytes arrive, the reader either reads them or refuses them with an <see cref="OtlpDecodeException"/>
    /// (which the receiver answers with 400); any other exception would be a failure no rule foresaw.
    /// </summary>
    [Fact]
    public void ThousandsOfDamagedBodiesAreReadOrRefusedWithADecodeErrorAndNothingElse()
    {
        var original = Encoding.UTF8.GetBytes("""
            {"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"checkout"}}]},
              "scopeLogs":[{"scope":{"name":"Shop","version":"2.0"},"logRecords":[{
                "timeUnixNano":"1795000000123456789","observedTimeUnixNano":1795000000000000000,"severityNumber":17,"severityText":"Error",
                "traceId":"4bf92f3577b34da6a3ce929d0e0e4736","spanId":"00f067aa0ba902b7","eventName":"e","flags":1,"droppedAttributesCount":2,
                "body":{"kvlistValue":{"values":[{"key":"k","value":{"arrayValue":{"values":[{"intValue":"-5"},{"doubleValue":"NaN"},{"boolValue":true},{"bytesValue":"AQID"}]}}}]}},
                "attributes":[{"key":"text","value":{"stringValue":"caf\u00e9 \ud83d\ude00"}},{"key":"n","value":{"doubleValue":1.5}}]}]}]}]}
            """);
        byte[][] insertions = [[0xFF], [0xC3], [0xED, 0xA0, 0x80], """\ud800"""u8.ToArray(), """\udc00"""u8.ToArray(), """\u"""u8.ToArray(), """\"""u8.ToArray(),
            "-"u8.ToArray(), "1e999"u8.ToArray(), "\""u8.ToArray(), "{"u8.ToArray(), "]"u8.ToArray(), "null"u8.ToArray()];
        var random = new Random(20261204);
        var (read, refused) = (0, 0);
        for (var round = 0; round < 3000; round++)
        {
            var damaged = Damage(original, insertions, random);
            try
            {
                OtlpJsonReader.Parse(damaged);
                read++;
            }
            catch (OtlpDecodeException)
            {
                refused++;
            }
            catch (Exception e)
            {
                Assert.Fail($"round {round}: {e.GetType().Name} ({e.Message}) for {Encoding.UTF8.GetString(damaged)}");
            }
        }

        // Both outcomes were exercised.
        Assert.InRange(read, 100, 2900);
        Assert.InRange(refused, 100, 2900);
    }

    private static byte[] Damage(byte[] original, byte[][] insertions, Random random)
    {
        var at = random.Next(original.Length);
        switch (random.Next(3))
        {
            case 0: return [.. original[..at], .. insertions[random.Next(insertions.Length)], .. original[at..]];
            case 1: return [.. original[..at], .. insertions[random.Next(insertions.Length)], .. original[Math.Min(original.Length, at + random.Next(1, 4))..]];
            default:
                var bytes = (byte[])original.Clone();
                bytes[at] = (byte)random.Next(256);
                return bytes;
        }
    }

    private static Gateway.Otlp.Proto.Collector.Logs.V1.ExportLogsServiceRequest Parse(string json) => OtlpJsonReader.Parse(Encoding.UTF8.GetBytes(json)).Request;
}
