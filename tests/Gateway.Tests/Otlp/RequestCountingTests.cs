using System.Text;
using Gateway.Otlp.Json;
using Gateway.Otlp.Proto.Logs.V1;
using Gateway.Otlp.Wire;
using Google.Protobuf;
using static Gateway.Testing.Otlp.OtlpRequests;

namespace Gateway.Tests.Otlp;

/// <summary>Records are counted on the wire (protobuf and JSON) before anything is decoded, stopping just past the limit.</summary>
public sealed class RequestCountingTests
{
    [Fact]
    public void ProtobufRecordsAreCountedAcrossResourcesAndScopesAndTheCountStopsPastTheLimit()
    {
        var request = Logs(Record("a"), Record("b"));
        request.ResourceLogs.Add(Logs(Record("c"), Record("d"), Record("e")).ResourceLogs[0]);
        request.ResourceLogs[1].ScopeLogs.Add(new ScopeLogs { LogRecords = { Record("f") } });
        var bytes = request.ToByteArray();

        Assert.Equal(6, OtlpRecordCounter.Count(bytes, 100));
        Assert.Equal(6, OtlpRecordCounter.Count(bytes, 6));
        Assert.Equal(4, OtlpRecordCounter.Count(bytes, 3));
        Assert.Throws<OtlpWireException>(() => OtlpRecordCounter.Count(bytes.AsMemory(0, bytes.Length - 3), 100));
    }

    [Fact]
    public void JsonRecordsAreCountedInBothFieldSpellingsAndUnknownTopLevelFieldsAreNamed()
    {
        var otlp = JsonFormatter.Default.Format(Logs(Record("a"), Record("b"), Record("c")));
        var snake = """{"resource_logs":[{"scope_logs":[{"log_records":[{},{}]},{"log_records":[{}]}]}],"extra":1}""";

        Assert.Equal(new OtlpJsonShape(3, []), OtlpJsonShape.Scan(Encoding.UTF8.GetBytes(otlp), 100) with { UnknownFields = [] });
        Assert.Empty(OtlpJsonShape.Scan(Encoding.UTF8.GetBytes(otlp), 100).UnknownFields);
        Assert.Equal(3, OtlpJsonShape.Scan(Encoding.UTF8.GetBytes(otlp), 2).Records);
        var shape = OtlpJsonShape.Scan(Encoding.UTF8.GetBytes(snake), 100);
        Assert.Equal(3, shape.Records);
        Assert.Equal(["extra"], shape.UnknownFields);
        Assert.Equal(["name", "properties"], OtlpJsonShape.Scan("""{"name":"user.signup","properties":{"plan":"pro"}}"""u8, 100).UnknownFields);
        Assert.Equal(0, OtlpJsonShape.Scan("""{"resourceLogs":[{"scopeLogs":[{"logRecords":[{}"""u8, 100).Records);
    }
}
