using System.Net;
using Gateway.Testing;
using Gateway.Testing.Diagnostics;
using static Gateway.Testing.Otlp.OtlpRequests;

namespace Gateway.IntegrationTests.Security;

/// <summary>Every limit hit is counted: records cut to the envelope bounds, and bodies past max_request_body_size.</summary>
public sealed class ReceiverLimitCountingTests
{
    private const string Yaml = """
        receivers:
          otlp:
            protocols:
              http:
                endpoint: 127.0.0.1:0
                max_request_body_size: 4KiB
        envelope:
          max_attribute_value_length: 32
          max_attributes: 2
        """ + "\n" + TestGateway.FileExporterYaml;

    [Fact]
    public async Task RecordsCutToTheEnvelopeBoundsAreAcceptedMarkedAndCounted()
    {
        using var counters = new MetricRecorder();
        await using var gateway = await TestGateway.StartAsync(Yaml);
        using var client = new HttpClient();

        using var response = await client.PostAsync(gateway.HttpLogsEndpoint, ProtobufContent(Logs(
            Record("long value", Attr("note", new string('n', 100))),
            Record("many attributes", Attr("a", 1L), Attr("b", 2L), Attr("c", 3L)),
            Record("within bounds", Attr("a", 1L)))));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var envelopes = await gateway.WaitForEnvelopesAsync(3);
        Assert.Equal("note", Assert.Single(envelopes[0].GetProperty("truncated").EnumerateArray()).GetString());
        Assert.Equal("c", Assert.Single(envelopes[1].GetProperty("truncated").EnumerateArray()).GetString());
        Assert.False(envelopes[2].TryGetProperty("truncated", out _));
        Assert.True(counters.Sum("gateway_receiver_truncated_log_records", "transport", "http") >= 2);
    }

    [Fact]
    public async Task ABodyPastMaxRequestBodySizeIsAnswered413AndCounted()
    {
        using var counters = new MetricRecorder();
        await using var gateway = await TestGateway.StartAsync(Yaml);
        using var client = new HttpClient();

        using var response = await client.PostAsync(gateway.HttpLogsEndpoint, ProtobufContent(Logs(Record(new string('x', 8 * 1024)))));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        // The body is left unread and the connection dropped: the client is told so, and sends its next request on a new one.
        Assert.True(response.Headers.ConnectionClose);
        Assert.True(counters.Sum("otelcol_receiver_refused_requests", "transport", "http", "reason", "max_request_body_size") >= 1);
        Assert.Empty(await gateway.ReadEnvelopesAsync());
    }
}
