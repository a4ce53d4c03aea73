using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Gateway.Testing;
using Gateway.Testing.Diagnostics;
using Gateway.Testing.Elasticsearch;

namespace Gateway.IntegrationTests.Events;

/// <summary>
/// What a client of the events API gets back: the valid events of a mixed body delivered and the invalid ones named by
/// index, 400 when nothing is usable, the same id for a retried event, times and values handled as OTLP handles them.
/// </summary>
[Collection(EventsCollection.Name)]
public sealed class EventsApiAnswersTests
{
    private static readonly HttpClient Http = new();

    [Fact]
    public async Task AMixedArrayDeliversTheValidEventsAndNamesEachInvalidOneByIndex()
    {
        using var metrics = new MetricRecorder();
        await using var gateway = await TestGateway.StartAsync();

        var (status, answer) = await EventsApi.PostAsync(Http, gateway, """
            [
              {"name": "signup.completed", "user_id": "u-1", "properties": {"plan": "pro"}},
              {"user_id": "u-2", "properties": {"plan": "free"}},
              "page.viewed",
              {"name": "report.sent", "time": "yesterday", "level": "info"},
              {"name": "checkout.failed", "severity": "warning", "data": "card declined"},
              {"name": 42, "timestamp": "2026-03-14T10:00:00Z"}
            ]
            """);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(2, answer.GetProperty("accepted").GetInt32());
        Assert.Equal(4, answer.GetProperty("rejected").GetInt32());
        var errors = EventsApi.Errors(answer);
        Assert.Equal([1, 2, 3, 4, 5], errors.Select(e => e.Index));
        Assert.StartsWith("no name: an event needs one", errors[0].Reason, StringComparison.Ordinal);
        Assert.Equal("expected an event object, found a string", errors[1].Reason);
        Assert.Equal("time \"yesterday\" is not ISO 8601 text; send ISO 8601 text such as \"2024-01-15T10:30:00Z\" or milliseconds since 1970 as a number", errors[2].Reason);
        Assert.StartsWith("severity \"warning\" is not one of UNSPECIFIED, TRACE, DEBUG, INFO, WARN, ERROR, FATAL", errors[3].Reason, StringComparison.Ordinal);
        Assert.True(answer.GetProperty("errors")[3].GetProperty("warning").GetBoolean());
        Assert.StartsWith("name is a number; name the event with a string", errors[4].Reason, StringComparison.Ordinal);
        var envelopes = await gateway.WaitForEnvelopesAsync(2);
        Assert.Equal("pro", EventsApi.Named(envelopes, "signup.completed").GetProperty("attributes").GetProperty("plan").GetString());
        var warned = EventsApi.Named(envelopes, "checkout.failed");
        Assert.Equal("info", warned.GetProperty("level").GetString());
        Assert.Equal("warning", warned.GetProperty("attributes").GetProperty("severity").GetString());
        Assert.Equal("card declined", warned.GetProperty("message").GetString());
        Assert.Equal(1, metrics.Sum("gateway_receiver_accepted_events", "format", "flux"));
        Assert.Equal(1, metrics.Sum("gateway_receiver_accepted_events", "format", "dash0"));
        Assert.True(metrics.Sum("gateway_receiver_rejected_log_records", "transport", "http") >= 4);
    }

    [Fact]
    public async Task InNdjsonABrokenLineIsOneRejectedEventAndTheOtherLinesAreDelivered()
    {
        await using var gateway = await TestGateway.StartAsync();

        var (status, answer) = await EventsApi.PostAsync(Http, gateway,
            "{\"name\":\"import.started\",\"contextId\":\"imp-1\",\"contextStart\":true}\n{\"name\": \"import.progress\",\n\n{\"name\":\"import.finished\",\"contextId\":\"imp-1\"}\r\n", EventsApi.Ndjson);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(2, answer.GetProperty("accepted").GetInt32());
        var error = Assert.Single(EventsApi.Errors(answer));
        Assert.Equal(1, error.Index);
        Assert.StartsWith("line 2 is not valid JSON (", error.Reason, StringComparison.Ordinal);
        var envelopes = await gateway.WaitForEnvelopesAsync(2);
        Assert.All(envelopes, e => Assert.Equal("imp-1", e.GetProperty("sessionId").GetString()));
        Assert.True(EventsApi.Named(envelopes, "import.started").GetProperty("contextStart").GetBoolean());
    }

    [Fact]
    public async Task EventsOfABatchAndOfATracardiPayloadAreNumberedInBodyOrder()
    {
        await using var gateway = await TestGateway.StartAsync();

        var (status, answer) = await EventsApi.PostAsync(Http, gateway, """
            [
              {"events": [{"name": "page.viewed", "user_id": "u-1"}, {"user_id": "u-1"}], "sent_by": "backend-7"},
              {"source": {"id": "web"}, "session": {"id": "s-9"}, "events": [{"type": "page-view"}, {"properties": {"a": 1}}, 7]}
            ]
            """);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(2, answer.GetProperty("accepted").GetInt32());
        Assert.Equal(3, answer.GetProperty("rejected").GetInt32());
        var errors = EventsApi.Errors(answer);
        Assert.Equal([1, 3, 4], errors.Select(e => e.Index));
        Assert.StartsWith("no name", errors[0].Reason, StringComparison.Ordinal);
        Assert.StartsWith("no type: each element of events needs one", errors[1].Reason, StringComparison.Ordinal);
        Assert.Equal("expected an event object in events, found a number", errors[2].Reason);
        var envelopes = await gateway.WaitForEnvelopesAsync(2);
        // The batch's own field goes to each of its events; the payload's session to each of its.
        Assert.Equal("backend-7", EventsApi.Named(envelopes, "page.viewed").GetProperty("attributes").GetProperty("sent_by").GetString());
        Assert.Equal("s-9", EventsApi.Named(envelopes, "page-view").GetProperty("sessionId").GetString());
    }

    [Theory]
    [InlineData("""[{"properties": {"plan": "pro"}}, {"type": "page-view"}]""", "application/json", "no usable event in the body (2 rejected, see errors)")]
    [InlineData("""{"name": "a", """, "application/json", "the body is not valid JSON (")]
    [InlineData("""{"name": "a"} {"name": "b"}""", "application/json", "the body holds more than one JSON value (")]
    [InlineData("[]", "application/json", "the body holds no event")]
    [InlineData("", "application/json", "the body is empty")]
    [InlineData("\"user.signup\"", "application/json", "the body is a string, not an event")]
    [InlineData("not json\nat all\n", EventsApi.Ndjson, "no usable event in the body (2 rejected, see errors)")]
    public async Task ABodyWithNothingUsableIsRefusedWith400NamingWhatWasExpected(string body, string contentType, string message)
    {
        await using var gateway = await TestGateway.StartAsync();

        var (status, answer) = await EventsApi.PostAsync(Http, gateway, body, contentType);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(3, answer.GetProperty("code").GetInt32());
        var text = answer.GetProperty("message").GetString()!;
        Assert.StartsWith(message, text, StringComparison.Ordinal);
        Assert.Contains("send", text, StringComparison.Ordinal);
        Assert.Empty(await gateway.ReadEnvelopesAsync());
    }

    [Fact]
    public async Task AnUnknownFormatIsRefusedAndAForcedFormatReadsTheEventAsThatShape()
    {
        await using var gateway = await TestGateway.StartAsync();
        const string Event = """{"name": "plan.changed", "properties": {"plan": "pro"}, "data": "upgraded"}""";

        var (refused, refusal) = await EventsApi.PostAsync(Http, gateway, Event, query: "?format=segment");
        var (detected, _) = await EventsApi.PostAsync(Http, gateway, Event);
        var (forced, _) = await EventsApi.PostAsync(Http, gateway, Event, query: "?format=Dash0&service=billing");

        Assert.Equal(HttpStatusCode.BadRequest, refused);
        Assert.Contains("igniter, flux, operational, tracardi or dash0", refusal.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, detected);
        Assert.Equal(HttpStatusCode.OK, forced);
        var envelopes = await gateway.WaitForEnvelopesAsync(2);
        // A tie (Flux: properties; Dash0: data) goes to Flux: properties are attributes, data stays one.
        var asFlux = Assert.Single(envelopes, e => e.GetProperty("service").GetString() == "unknown_service");
        Assert.Equal("pro", asFlux.GetProperty("attributes").GetProperty("plan").GetString());
        Assert.Equal("upgraded", asFlux.GetProperty("attributes").GetProperty("data").GetString());
        var asDash0 = Assert.Single(envelopes, e => e.GetProperty("service").GetString() == "billing");
        Assert.Equal("upgraded", asDash0.GetProperty("message").GetString());
        Assert.Equal("pro", asDash0.GetProperty("attributes").GetProperty("properties").GetProperty("plan").GetString());
    }

    [Fact]
    public async Task AnEventSentAgainKeepsItsIdSoElasticsearchStoresItOnce()
    {
        await using var elasticsearch = await ElasticsearchDouble.StartAsync();
        await using var gateway = await TestGateway.StartAsync(TestGateway.LoopbackReceivers + $$"""
            exporters:
              file: { path: "{dir}/events.ndjson", batch: { max_wait: 10ms } }
              elasticsearch:
                endpoints: [{{elasticsearch.Address.ToString().TrimEnd('/')}}]
                batch: { max_wait: 20ms }
            routes:
              - name: everything
                exporters: [file, elasticsearch]
            """);
        var operational = EventsApi.Example("operational.json");

        Assert.Equal(HttpStatusCode.OK, (await EventsApi.PostAsync(Http, gateway, operational)).Status);
        await Eventually.TrueAsync(() => elasticsearch.Documents.Count == 1, "the event stored");
        var bulks = BulkRequests(elasticsearch);
        // The retry comes laid out differently, as one NDJSON line: the same event, the same id.
        Assert.Equal(HttpStatusCode.OK, (await EventsApi.PostAsync(Http, gateway, operational.ReplaceLineEndings(" ") + "\n", EventsApi.Ndjson)).Status);

        var envelopes = await gateway.WaitForEnvelopesAsync(2);
        Assert.Single(envelopes.Select(e => e.GetProperty("id").GetString()).Distinct());
        await Eventually.TrueAsync(() => BulkRequests(elasticsearch) > bulks, "the retry reached Elasticsearch");
        Assert.Single(elasticsearch.Documents);
    }

    [Fact]
    public async Task TimesAreHandledAsOtlpHandlesThemAndValuesKeepTheEnvelopeLimits()
    {
        await using var gateway = await TestGateway.StartAsync("""
            envelope:
              max_attribute_value_length: 16
            """ + "\n" + TestGateway.FileExporterYaml);

        var (status, answer) = await EventsApi.PostAsync(Http, gateway, """
            [
              {"name": "far.future", "time": "2300-01-01T00:00:00Z"},
              {"name": "before.epoch", "time": "1969-12-31T23:59:59Z"},
              {"name": "gauge.read", "timestamp": 1773480720000.5, "value": "NaN", "properties": {"huge": 1e400, "note": "a note far longer than sixteen characters"}},
              {"name": "offset.time", "time": "2026-03-14T11:26:53.123456789+02:00"}
            ]
            """);

        Assert.Equal(HttpStatusCode.OK, status);
        var error = Assert.Single(EventsApi.Errors(answer));
        Assert.Equal((1, "time \"1969-12-31T23:59:59Z\" is before 1970 (the Unix epoch), which the envelope cannot hold; send ISO 8601 text such as \"2024-01-15T10:30:00Z\" or milliseconds since 1970 as a number"), error);
        var envelopes = await gateway.WaitForEnvelopesAsync(3);
        var future = EventsApi.Named(envelopes, "far.future");
        Assert.Equal(future.GetProperty("observedTime").GetString(), future.GetProperty("time").GetString());
        Assert.Equal("time (out of range: replaced by the receive time)", Assert.Single(future.GetProperty("truncated").EnumerateArray()).GetString());
        var gauge = EventsApi.Named(envelopes, "gauge.read");
        Assert.Equal("2026-03-14T09:32:00.000500Z", gauge.GetProperty("time").GetString());
        Assert.Equal("NaN", gauge.GetProperty("value").GetString());
        Assert.Equal("Infinity", gauge.GetProperty("attributes").GetProperty("huge").GetString());
        Assert.Equal("a note far longe", gauge.GetProperty("attributes").GetProperty("note").GetString());
        Assert.Equal("note", Assert.Single(gauge.GetProperty("truncated").EnumerateArray()).GetString());
        Assert.Equal("2026-03-14T09:26:53.123456789Z", EventsApi.Named(envelopes, "offset.time").GetProperty("time").GetString());
    }

    [Fact]
    public async Task GzippedNdjsonIsReadAndABrokenGzipBodyIsRefused()
    {
        await using var gateway = await TestGateway.StartAsync();
        var ndjson = Encoding.UTF8.GetBytes("{\"name\":\"a.one\"}\n{\"name\":\"a.two\"}\n");

        using var gzipped = Content(Gzip(ndjson), EventsApi.Ndjson, gzip: true);
        using var accepted = await Http.PostAsync(EventsApi.Endpoint(gateway), gzipped);
        using var cut = Content(Gzip(ndjson)[..^6], EventsApi.Ndjson, gzip: true);
        using var broken = await Http.PostAsync(EventsApi.Endpoint(gateway), cut);

        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal(2, (await EventsApi.AnswerAsync(accepted)).GetProperty("accepted").GetInt32());
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        Assert.StartsWith("the body is not valid gzip", (await EventsApi.AnswerAsync(broken)).GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, (await gateway.WaitForEnvelopesAsync(2)).Count);
    }

    [Fact]
    public async Task ABodyPastTheLimitsIs413NamingTheLimit()
    {
        await using var gateway = await TestGateway.StartAsync("""
            receivers:
              otlp:
                protocols:
                  http:
                    endpoint: 127.0.0.1:0
                    max_request_body_size: 1KiB
                    max_records_per_request: 2
            """ + "\n" + TestGateway.FileExporterYaml);

        using var big = new StringContent($$$"""{"name": "big", "properties": {"text": "{{{new string('x', 2000)}}}"}}""", Encoding.UTF8, "application/json");
        using var tooLarge = await Http.PostAsync(EventsApi.Endpoint(gateway), big);
        var (tooMany, many) = await EventsApi.PostAsync(Http, gateway, """{"events": [{"name": "a"}, {"name": "b"}, {"name": "c"}]}""");
        var (fits, _) = await EventsApi.PostAsync(Http, gateway, """{"events": [{"name": "a"}, {"name": "b"}]}""");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.Contains("max_request_body_size (1024 bytes)", (await EventsApi.AnswerAsync(tooLarge)).GetProperty("message").GetString(), StringComparison.Ordinal);
        // The rest of the body is left unread and the connection dropped: the client is told, so its next request takes a new one.
        Assert.True(tooLarge.Headers.ConnectionClose);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooMany);
        Assert.Equal("the request holds more than max_records_per_request (2) events; send at most 2 events per request", many.GetProperty("message").GetString());
        Assert.Equal(HttpStatusCode.OK, fits);
    }

    [Fact]
    public async Task AFullBlockingQueueAnswers429WithRetryAfterAndAcceptsAgainOnceItDrains()
    {
        var store = new Gateway.Testing.Pipeline.ControllableExporterFactory("store", Gateway.Queues.QueueFullPolicy.Block);
        await using var gateway = await TestGateway.StartAsync("""
            exporters:
              store/events-429: { queue: { size: 1 }, batch: { max_wait: 0s } }
            routes:
              - name: everything
                exporters: [store/events-429]
            """, catalog => catalog.Add(store));
        store["store/events-429"].Hang();
        const string Event = """{"name": "order.placed", "properties": {"order": "ord-1"}}""";

        var (first, _) = await EventsApi.PostAsync(Http, gateway, Event);
        using var content = new StringContent(Event, Encoding.UTF8, "application/json");
        using var refused = await Http.PostAsync(EventsApi.Endpoint(gateway), content);

        Assert.Equal(HttpStatusCode.OK, first);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), refused.Headers.RetryAfter?.Delta);
        var answer = await EventsApi.AnswerAsync(refused);
        Assert.Equal(8, answer.GetProperty("code").GetInt32());
        Assert.Contains("store/events-429", answer.GetProperty("message").GetString(), StringComparison.Ordinal);
        store["store/events-429"].Recover();
        await Eventually.TrueAsync(async () => (await EventsApi.PostAsync(Http, gateway, Event)).Status == HttpStatusCode.OK, "accepted again once the exporter drains");
    }

    [Fact]
    public async Task OtherMethodsAndContentTypesAreRefusedSayingWhatIsServed()
    {
        await using var gateway = await TestGateway.StartAsync();

        using var get = await Http.GetAsync(EventsApi.Endpoint(gateway));
        using var text = new StringContent("""{"name": "a"}""", Encoding.UTF8, "text/plain");
        using var plain = await Http.PostAsync(EventsApi.Endpoint(gateway), text);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, get.StatusCode);
        Assert.Equal("POST", string.Join(",", get.Content.Headers.Allow));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, plain.StatusCode);
        Assert.Contains("application/x-ndjson", await plain.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static int BulkRequests(ElasticsearchDouble elasticsearch) => elasticsearch.Requests.Count(r => r.Path.StartsWith("/_bulk", StringComparison.Ordinal));

    private static ByteArrayContent Content(byte[] body, string contentType, bool gzip)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        if (gzip) content.Headers.ContentEncoding.Add("gzip");
        return content;
    }

    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest)) gzip.Write(data);
        return output.ToArray();
    }
}
