using System.Net;
using System.Text;
using System.Text.Json;
using Gateway.Otlp.Proto.Collector.Logs.V1;
using Gateway.Otlp.Proto.Logs.V1;
using Gateway.Testing;
using Gateway.Testing.Diagnostics;
using Gateway.Testing.Otlp;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using static Gateway.Testing.Otlp.OtlpRequests;

namespace Gateway.IntegrationTests.Otlp;

/// <summary>
/// Records no well-behaved SDK sends (text that is not Unicode, 100,000 attributes, times that do not fit), through
/// the real receivers: each gets a clear answer, and the good records sent alongside are all delivered, exactly once.
/// </summary>
public sealed class DamagedRecordTests
{
    private static readonly HttpClient Client = new() { Timeout = TimeSpan.FromSeconds(60) };

    [Fact]
    public async Task TextThatIsNotUnicodeIsRefusedWith400NamingTheFieldWhileGoodRequestsAlongsideAreDeliveredOnce()
    {
        await using var gateway = await TestGateway.StartAsync();
        using var metrics = new MetricRecorder();
        using var channel = GrpcChannel.ForAddress(gateway.GrpcEndpoint);
        var endpoint = gateway.HttpLogsEndpoint;
        const string Records = """{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"body":{"stringValue":"refused with its request"}},{RECORD}]}]}]}""";
        var loneSurrogate = Records.Replace("{RECORD}", """{"attributes":[{"key":"note","value":{"stringValue":"half a pair: \ud83d"}}]}""", StringComparison.Ordinal);
        var rawBytes = Encoding.UTF8.GetBytes(Records.Replace("{RECORD}", """{"body":{"stringValue":"latin-1: INVALID"}}""", StringComparison.Ordinal));
        rawBytes.AsSpan().Slice(rawBytes.AsSpan().IndexOf("INVALID"u8), 1).Fill(0xE9); // "é" as Latin-1, not UTF-8
        var protobuf = WithInvalidUtf8(Logs(Record("refused with its request"), Record("bad", Attr("http.url", InvalidUtf8Placeholder))));

        var bad = new (Func<Task<HttpResponseMessage>> Send, string Says)[]
        {
            (() => Client.PostAsync(endpoint, JsonContent(Encoding.UTF8.GetBytes(loneSurrogate))), "resourceLogs[0].scopeLogs[0].logRecords[1].attributes[0].value.stringValue, byte "),
            (() => Client.PostAsync(endpoint, JsonContent(rawBytes)), "resourceLogs[0].scopeLogs[0].logRecords[1].body.stringValue, byte "),
            (() => Client.PostAsync(endpoint, ProtobufContent(protobuf)), "resource_logs[0].scope_logs[0].log_records[1]: the string_value of attribute 'http.url' is not valid UTF-8"),
        };
        var badSends = new List<Task<HttpResponseMessage>>();
        var goodSends = new List<Task<HttpResponseMessage>>();
        for (var i = 0; i < bad.Length; i++)
        {
            badSends.Add(bad[i].Send());
            goodSends.Add(Client.PostAsync(endpoint, JsonContent(Encoding.UTF8.GetBytes(Records.Replace("{RECORD}", $$$"""{"body":{"stringValue":"good json {{{i}}}"}}""", StringComparison.Ordinal).Replace("refused with its request", $"good json {i}b", StringComparison.Ordinal)))));
            goodSends.Add(Client.PostAsync(endpoint, ProtobufContent(Logs(Record($"good protobuf {i}")).ToByteArray())));
        }

        var grpcRefusal = await Assert.ThrowsAsync<RpcException>(() => channel.CreateCallInvoker().AsyncUnaryCall(RawExport, null, default, protobuf).ResponseAsync);
        var badResponses = await Task.WhenAll(badSends);

        for (var i = 0; i < bad.Length; i++)
        {
            Assert.Equal(HttpStatusCode.BadRequest, badResponses[i].StatusCode);
            Assert.Contains(bad[i].Says, await OtlpResponses.ErrorMessageAsync(badResponses[i]), StringComparison.Ordinal);
        }

        Assert.Equal(StatusCode.InvalidArgument, grpcRefusal.StatusCode);
        Assert.Contains("log_records[1]: the string_value of attribute 'http.url' is not valid UTF-8", grpcRefusal.Status.Detail, StringComparison.Ordinal);
        Assert.All(await Task.WhenAll(goodSends), r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.True(metrics.Sum("otelcol_receiver_refused_requests", "transport", "http", "reason", "bad_request") >= 3, "every refused request is counted");
        Assert.True(metrics.Sum("otelcol_receiver_refused_requests", "transport", "grpc", "reason", "bad_request") >= 1, "every refused call is counted");
        string[] expected = [.. Enumerable.Range(0, bad.Length).SelectMany(i => new[] { $"good json {i}", $"good json {i}b", $"good protobuf {i}" })];
        Assert.Equal(expected.Order(StringComparer.Ordinal), (await DeliveredAsync(gateway, expected.Length)).Select(e => e.GetProperty("message").GetString()!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ARecordWithAHundredThousandAttributesIsAcceptedWithABoundedTruncatedListAndItsNeighboursAreDeliveredOnce()
    {
        await using var gateway = await TestGateway.StartAsync();
        var wide = Record("wide");
        for (var i = 0; i < 100_000; i++) wide.Attributes.Add(Attr("attribute." + i, "value " + i));
        var request = Logs(Record("before the wide one"), wide, Record("after the wide one"));
        var json = Encoding.UTF8.GetBytes(JsonFormatter.Default.Format(request));

        var protobufSend = Client.PostAsync(gateway.HttpLogsEndpoint, ProtobufContent(request.ToByteArray()));
        var jsonSend = Client.PostAsync(gateway.HttpLogsEndpoint, JsonContent(json));
        var alongside = Client.PostAsync(gateway.HttpLogsEndpoint, ProtobufContent(Logs(Record("alongside")).ToByteArray()));

        Assert.All(await Task.WhenAll(protobufSend, jsonSend, alongside), r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var delivered = await DeliveredAsync(gateway, 7);
        Assert.Equal(["after the wide one", "after the wide one", "alongside", "before the wide one", "before the wide one", "wide", "wide"],
            delivered.Select(e => e.GetProperty("message").GetString()!).Order(StringComparer.Ordinal));
        var wideOnes = delivered.Where(e => e.GetProperty("message").GetString() == "wide").ToArray();
        Assert.Equal(wideOnes[0].GetProperty("id").GetString(), wideOnes[1].GetProperty("id").GetString());
        foreach (var envelope in wideOnes)
        {
            Assert.Equal(256, envelope.GetProperty("attributes").EnumerateObject().Count());
            Assert.Equal([.. Enumerable.Range(256, 10).Select(i => "attribute." + i), "... and 99734 more"],
                envelope.GetProperty("truncated").EnumerateArray().Select(t => t.GetString()));
        }
    }

    [Fact]
    public async Task TimesThatDoNotFitAreReplacedAndMarkedAndTimesThatAreNotNumbersRejectOnlyTheirRecords()
    {
        await using var gateway = await TestGateway.StartAsync();
        var receivedFrom = DateTimeOffset.UtcNow;
        var farTime = Record("time past 2262");
        farTime.TimeUnixNano = ulong.MaxValue;
        var farObserved = Record("observed time past 2262");
        farObserved.ObservedTimeUnixNano = 1ul << 63;
        var protobuf = await Client.PostAsync(gateway.HttpLogsEndpoint, ProtobufContent(Logs(Record("good protobuf 1"), farTime, farObserved, Record("good protobuf 2")).ToByteArray()));
        var json = await Client.PostAsync(gateway.HttpLogsEndpoint, JsonContent(Encoding.UTF8.GetBytes("""
            {"resourceLogs":[{"scopeLogs":[{"logRecords":[
              {"timeUnixNano":"1795000000000000000","body":{"stringValue":"good json 1"}},
              {"timeUnixNano":"-1","body":{"stringValue":"negative"}},
              {"timeUnixNano":"NaN","body":{"stringValue":"not a number"}},
              {"observedTimeUnixNano":1.5,"body":{"stringValue":"fractional"}},
              {"timeUnixNano":"18446744073709551615","body":{"stringValue":"json time past 2262"}},
              {"timeUnixNano":1.795e18,"body":{"stringValue":"good json 2"}}]}]}]}
            """)));
        var receivedUntil = DateTimeOffset.UtcNow;

        Assert.Equal(HttpStatusCode.OK, protobuf.StatusCode);
        Assert.Null(ExportLogsServiceResponse.Parser.ParseFrom(await protobuf.Content.ReadAsByteArrayAsync()).PartialSuccess);
        Assert.Equal(HttpStatusCode.OK, json.StatusCode);
        using (var answer = JsonDocument.Parse(await json.Content.ReadAsStringAsync()))
        {
            var partial = answer.RootElement.GetProperty("partialSuccess");
            Assert.Equal("3", partial.GetProperty("rejectedLogRecords").GetString());
            var reasons = partial.GetProperty("errorMessage").GetString();
            Assert.Contains("log record 1: timeUnixNano \"-1\" is negative (send unsigned nanoseconds since the Unix epoch", reasons, StringComparison.Ordinal);
            Assert.Contains("log record 2: timeUnixNano \"NaN\" is not a number (", reasons, StringComparison.Ordinal);
            Assert.Contains("log record 3: observedTimeUnixNano \"1.5\" is not a whole number of nanoseconds (", reasons, StringComparison.Ordinal);
        }

        var delivered = (await DeliveredAsync(gateway, 7)).ToDictionary(e => e.GetProperty("message").GetString()!);
        Assert.Equal(["good json 1", "good json 2", "good protobuf 1", "good protobuf 2", "json time past 2262", "observed time past 2262", "time past 2262"], delivered.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("2026-11-23T12:00:00.001Z", delivered["time past 2262"].GetProperty("time").GetString()); // the observed time
        Assert.Equal(["time_unix_nano (out of range: replaced by the observed time)"], Truncated(delivered["time past 2262"]));
        Assert.Equal("2026-11-23T12:00:00Z", delivered["observed time past 2262"].GetProperty("time").GetString());
        Assert.InRange(Time(delivered["observed time past 2262"], "observedTime"), receivedFrom.AddSeconds(-1), receivedUntil.AddSeconds(1));
        Assert.Equal(["observed_time_unix_nano (out of range: replaced by the receive time)"], Truncated(delivered["observed time past 2262"]));
        Assert.InRange(Time(delivered["json time past 2262"], "time"), receivedFrom.AddSeconds(-1), receivedUntil.AddSeconds(1));
        Assert.Equal(["time_unix_nano (out of range: replaced by the receive time)"], Truncated(delivered["json time past 2262"]));
        Assert.Equal(delivered["good json 1"].GetProperty("time").GetString(), delivered["good json 2"].GetProperty("time").GetString());
    }

    private static readonly Method<byte[], byte[]> RawExport = new(MethodType.Unary, "opentelemetry.proto.collector.logs.v1.LogsService", "Export",
        Marshallers.Create<byte[]>(b => b, b => b), Marshallers.Create<byte[]>(b => b, b => b));

    /// <summary>Stops the gateway (which drains its lanes), then reads everything written: nothing can arrive later.</summary>
    private static async Task<IReadOnlyList<JsonElement>> DeliveredAsync(TestGateway gateway, int expected)
    {
        await gateway.WaitForEnvelopesAsync(expected);
        await gateway.Host.StopAsync(TimeSpan.FromSeconds(10));
        var delivered = await gateway.ReadEnvelopesAsync();
        Assert.Equal(expected, delivered.Count);
        return delivered;
    }

    private static string[] Truncated(JsonElement envelope) => [.. envelope.GetProperty("truncated").EnumerateArray().Select(t => t.GetString()!)];

    private static DateTimeOffset Time(JsonElement envelope, string property) => DateTimeOffset.Parse(envelope.GetProperty(property).GetString()!, System.Globalization.CultureInfo.InvariantCulture);
}
