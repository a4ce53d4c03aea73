using System.Net;
using System.Text.Json;
using Gateway.Host.Cli;
using Gateway.IntegrationTests.Operations;
using Gateway.Otlp.Proto.Logs.V1;
using Gateway.Testing;
using Gateway.Testing.Observing;
using Gateway.Testing.Otlp;

namespace Gateway.IntegrationTests.Observing;

/// <summary>
/// Live taps on a real gateway: what a tap shows at each point, its filter, its key, and that a reader who falls
/// behind sees a sample and the count it missed while every request is still acknowledged and delivered.
/// </summary>
public sealed class TapTests
{
    private const string Pipeline = """
        processors:
          redaction: {}
        exporters:
          file:
            path: {dir}/events.ndjson
            batch: { max_wait: 10ms }
          file/errors:
            path: {dir}/errors.ndjson
            batch: { max_wait: 10ms }
        routes:
          - name: errors
            match: { level: ">=error" }
            exporters: [file/errors]
            continue: true
          - name: all
            exporters: [file]
        """;

    [Fact]
    public async Task ATapAfterTheProcessorsShowsRedactedEventsThatMatchItsCondition()
    {
        await using var gateway = await TestGateway.StartAsync(Pipeline);
        await using var tap = await OpenAsync(gateway, "where=" + Uri.EscapeDataString("{level: \">=warn\", service: checkout}"));
        using var http = new HttpClient();

        await SendAsync(http, gateway, ("checkout", SeverityNumber.Error, "payment.failed"), ("checkout", SeverityNumber.Info, "cart.viewed"), ("search", SeverityNumber.Error, "search.failed"), ("checkout", SeverityNumber.Warn, "payment.slow"));

        var shown = (await tap.EventsAsync(2)).ConvertAll(Parse);
        Assert.Equal(["payment.failed", "payment.slow"], shown.ConvertAll(e => e.GetProperty("name").GetString()));
        Assert.All(shown, e => Assert.Equal("[REDACTED]", e.GetProperty("attributes").GetProperty("password").GetString()));
    }

    [Fact]
    public async Task ATapBeforeTheProcessorsIsRefusedUnlessAllowedAndThenShowsTheEventAsSent()
    {
        await using (var gateway = await TestGateway.StartAsync(Pipeline))
        {
            await using var refused = await TapStream.OpenAsync(gateway.TelemetryEndpoint, "at=received");
            Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
            Assert.Contains("service.telemetry.tap.allow_unredacted: true", refused.Refusal, StringComparison.Ordinal);
        }

        await using var allowed = await TestGateway.StartAsync(Pipeline + "\nservice:\n  telemetry:\n    tap: { allow_unredacted: true }\n");
        await using var tap = await OpenAsync(allowed, "at=received");
        using var http = new HttpClient();

        await SendAsync(http, allowed, ("checkout", SeverityNumber.Error, "payment.failed"));

        var shown = Parse((await tap.EventsAsync(1))[0]);
        Assert.Equal("hunter2", shown.GetProperty("attributes").GetProperty("password").GetString());
        var stored = await allowed.WaitForEnvelopesAsync(1);
        Assert.Equal("[REDACTED]", stored[0].GetProperty("attributes").GetProperty("password").GetString());
    }

    [Fact]
    public async Task AnExporterTapShowsWhatThatExporterIsHandedAndNothingElse()
    {
        await using var gateway = await TestGateway.StartAsync(Pipeline);
        await using var tap = await OpenAsync(gateway, "at=file/errors&format=text");
        using var http = new HttpClient();

        await SendAsync(http, gateway, ("checkout", SeverityNumber.Info, "cart.viewed"), ("checkout", SeverityNumber.Error, "payment.failed"));

        var line = (await tap.EventsAsync(1))[0];
        Assert.Contains("ERROR checkout payment.failed", line, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[", line, StringComparison.Ordinal);
        await using var unknown = await TapStream.OpenAsync(gateway.TelemetryEndpoint, "at=file/eror");
        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
        Assert.Contains("(did you mean 'file/errors'?)", unknown.Refusal, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithAKeyConfiguredATapWithoutItIsRefused()
    {
        const string key = "tap-key-0123456789abcdef";
        await using var gateway = await TestGateway.StartAsync(Pipeline + $"\nservice:\n  telemetry:\n    tap: {{ api_key: {key} }}\n");

        await using var anonymous = await TapStream.OpenAsync(gateway.TelemetryEndpoint, "at=processed");
        await using var wrong = await TapStream.OpenAsync(gateway.TelemetryEndpoint, "at=processed", "not-the-key-at-all");
        await using var keyed = await TapStream.OpenAsync(gateway.TelemetryEndpoint, "at=processed", key);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.Status);
        Assert.Contains("Authorization: Bearer KEY", anonymous.Refusal, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.Status);
        Assert.Equal(HttpStatusCode.OK, keyed.Status);
    }

    [Fact]
    public async Task AReaderThatFallsBehindSeesASampleAndTheCountItMissedWhileEveryEventIsDelivered()
    {
        // A tap that is never read: the gateway's writes to it block once the socket buffers are full, its small
        // buffer fills, and from then on the pipeline passes it by.
        await using var gateway = await TestGateway.StartAsync("""
            exporters:
              file: { path: "{dir}/events.ndjson", batch: { max_wait: 10ms } }
            routes:
              - name: kept
                match: { name: kept }
                exporters: [file]
              - name: rest
                drop: true
            service:
              telemetry:
                tap: { buffer_size: 4 }
            """);
        await using var tap = await OpenAsync(gateway, "at=processed");
        using var http = new HttpClient();
        var body = new string('x', 2000);
        const int requests = 40;
        for (var r = 0; r < requests; r++)
        {
            var records = Enumerable.Range(0, 500).Select(i => OtlpRequests.Record(body)).Append(OtlpRequests.Record("the kept one")).ToArray();
            records[^1].EventName = "kept";
            Assert.Equal(HttpStatusCode.OK, await OtlpHttpPost.SendAsync(http, gateway, records));
        }

        Assert.Equal(requests, (await gateway.WaitForEnvelopesAsync(requests)).Count);
        var notices = new List<ServerSentEvent>();
        var shown = 0;
        while (!notices.Exists(n => n.Name == "dropped"))
        {
            var next = await tap.NextAsync(TimeSpan.FromSeconds(30)) ?? throw new InvalidOperationException("the tap ended");
            if (next.Name is null) shown++;
            else notices.Add(next);
            Assert.True(shown < requests * 501, "every event was shown: nothing was left out");
        }

        var dropped = JsonDocument.Parse(notices.Find(n => n.Name == "dropped").Data).RootElement.GetProperty("dropped").GetInt64();
        Assert.True(dropped > 0);
        Assert.True(shown + dropped <= requests * 501);
    }

    [Fact]
    public async Task AClosedTapFreesItsPlaceAndAFullEndpointSaysSo()
    {
        await using var gateway = await TestGateway.StartAsync(Pipeline + "\nservice:\n  telemetry:\n    tap: { max_taps: 1 }\n");
        var first = await OpenAsync(gateway, "at=processed");

        await using (var second = await TapStream.OpenAsync(gateway.TelemetryEndpoint, "at=processed"))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, second.Status);
            Assert.Contains("max_taps", second.Refusal, StringComparison.Ordinal);
        }

        await first.DisposeAsync();
        await Eventually.TrueAsync(async () =>
        {
            await using var again = await TapStream.OpenAsync(gateway.TelemetryEndpoint, "at=processed");
            return again.Status == HttpStatusCode.OK;
        }, "the closed tap's place is free again");
    }

    [Fact]
    public async Task GatewayTapPrintsOneJsonLinePerEventAndStopsAtItsLimit()
    {
        await using var gateway = await TestGateway.StartAsync(Pipeline);
        using var http = new HttpClient();
        using var output = new StringWriter();
        using var error = new StringWriter();
        var endpoint = gateway.TelemetryEndpoint.Authority;

        var tapping = GatewayCli.RunAsync(["tap", "--endpoint", endpoint, "--where", "{name: \"payment.*\"}", "--limit", "2"], output, error, _ => null);
        await Eventually.TrueAsync(() => error.ToString().Contains("tap: attached", StringComparison.Ordinal), "the tap is attached");
        await SendAsync(http, gateway, ("checkout", SeverityNumber.Info, "cart.viewed"), ("checkout", SeverityNumber.Error, "payment.failed"), ("checkout", SeverityNumber.Info, "payment.retried"));
        var code = await tapping.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(0, code);
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["payment.failed", "payment.retried"], lines.Select(l => Parse(l).GetProperty("name").GetString()));
        Assert.Contains("tap: ended", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GatewayTapSaysWhatIsWrongWhenTheGatewayRefusesOrCannotBeReached()
    {
        await using var gateway = await TestGateway.StartAsync(Pipeline);
        using var output = new StringWriter();
        using var error = new StringWriter();

        var refused = await GatewayCli.RunAsync(["tap", "--endpoint", gateway.TelemetryEndpoint.Authority, "--where", "{levl: warn}"], output, error, _ => null);
        var unreachable = await GatewayCli.RunAsync(["tap", "--endpoint", "127.0.0.1:1"], output, error, _ => null);

        Assert.Equal(2, refused);
        Assert.Contains("the tap was refused (400): where: unknown condition 'levl' (did you mean 'level'?)", error.ToString(), StringComparison.Ordinal);
        Assert.Equal(1, unreachable);
        Assert.Contains("cannot reach the gateway's telemetry endpoint at http://127.0.0.1:1", error.ToString(), StringComparison.Ordinal);
    }

    private static async Task<TapStream> OpenAsync(TestGateway gateway, string query)
    {
        var tap = await TapStream.OpenAsync(gateway.TelemetryEndpoint, query);
        Assert.True(tap.Status == HttpStatusCode.OK, tap.Refusal);
        var attached = await tap.NextAsync();
        Assert.Equal("tap", attached?.Name);
        return tap;
    }

    private static async Task SendAsync(HttpClient http, TestGateway gateway, params (string Service, SeverityNumber Severity, string Name)[] events)
    {
        foreach (var (service, severity, name) in events)
        {
            var record = OtlpHttpPost.Record(name, severity);
            record.EventName = name;
            record.Attributes.Add(OtlpRequests.Attr("password", "hunter2"));
            using var content = OtlpRequests.ProtobufContent(OtlpRequests.Logs([record], [OtlpRequests.Attr("service.name", service)]));
            using var response = await http.PostAsync(gateway.HttpLogsEndpoint, content);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
