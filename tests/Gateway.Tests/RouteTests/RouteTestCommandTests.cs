using Gateway.Host.Cli;
using Gateway.Testing;
using Gateway.Tests.Cli;

namespace Gateway.Tests.RouteTests;

/// <summary>
/// <c>gateway test</c> as a user runs it in CI: the real configuration loader, processors, routes and ECS writer,
/// PASS/FAIL per test with a diff, exit code 1 on a failed expectation and 2 on a broken tests file.
/// </summary>
public sealed class RouteTestCommandTests : IDisposable
{
    private const string Config = """
        processors:
          sampling:
            rates: { debug: 0.01, info: 1, warn: 1, error: 1, fatal: 1 }
          redaction: {}
        exporters:
          console: {}
          elasticsearch:
            endpoints: [http://127.0.0.1:9]
        routes:
          - name: errors
            match: { level: ">=error" }
            exporters: [console]
            continue: true
          - name: stored
            exporters: [elasticsearch]
        """;

    private readonly CommandLineRun _files = new("gateway-route-tests-");

    [Fact]
    public async Task TheShippedRoutingExampleTestsPass()
    {
        var (code, output, error) = await RunAsync("test", "--config", RepositoryFiles.PathOf("examples", "routing", "gateway.yaml"), RepositoryFiles.PathOf("examples", "routing", "tests.yaml"));

        Assert.True(code == 0, output + error);
        Assert.DoesNotContain("FAIL", output, StringComparison.Ordinal);
        Assert.Contains("all 9 route test(s) passed", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheTestsFilesOwnConfigIsFoundBesideIt()
    {
        var (code, output, _) = await RunAsync("test", RepositoryFiles.PathOf("examples", "routing", "tests.yaml"));

        Assert.Equal(0, code);
        Assert.Contains(RepositoryFiles.PathOf("examples", "routing", "gateway.yaml"), output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AWrongExpectationFailsWithADiffOfExpectedAndActualAndExitCodeOne()
    {
        var tests = Write("tests.yaml", """
            tests:
              - name: errors are stored and printed
                events:
                  - record: { eventName: payment.failed, severityNumber: 17, attributes: { password: hunter2 } }
                    resource: { service.name: checkout }
                expect:
                  routes: [errors, stored]
                  exporters: [console]
                  attributes: { password: hunter2 }
              - name: info is stored
                events:
                  - record: { eventName: page.viewed, severityNumber: 9 }
                expect: { routes: [stored], exporters: [elasticsearch] }
            """);

        var (code, output, _) = await RunAsync("test", "--config", Write("gateway.yaml", Config), tests);

        Assert.Equal(1, code);
        Assert.Contains($"FAIL  errors are stored and printed  ({tests}:2)", output, StringComparison.Ordinal);
        Assert.Contains("""
                    exporters
                    - expected  [console]
                    + actual    [console, elasticsearch]
            """.ReplaceLineEndings(), output, StringComparison.Ordinal);
        Assert.Contains("""
                    attributes.password
                    - expected  "hunter2"
                    + actual    "[REDACTED]"
            """.ReplaceLineEndings(), output, StringComparison.Ordinal);
        Assert.Contains("PASS  info is stored", output, StringComparison.Ordinal);
        Assert.Contains("1 of 2 route test(s) passed, 1 failed", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EcsFieldsAreReadFromTheDocumentTheElasticsearchExporterWrites()
    {
        var tests = Write("tests.yaml", """
            tests:
              - name: the ECS document
                events:
                  - record: { eventName: payment.failed, severityNumber: 17, body: declined, attributes: { order.id: 7 } }
                    resource: { service.name: checkout, deployment.environment.name: prod }
                expect:
                  ecs:
                    log.level: error
                    event.action: payment.failed
                    service: { name: checkout, environment: prod }
                    attributes.order.id: 7
                    data_stream.namespace: staging
                    error: null
            """);

        var (code, output, _) = await RunAsync("test", "--config", Write("gateway.yaml", Config), tests);

        Assert.Equal(1, code);
        Assert.Contains("""
                    ecs (elasticsearch).data_stream.namespace
                    - expected  "staging"
                    + actual    "prod"
            """.ReplaceLineEndings(), output, StringComparison.Ordinal);
        Assert.DoesNotContain("log.level", output, StringComparison.Ordinal);
        Assert.DoesNotContain("order.id", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SamplingAtTheTestsSeedDecidesAndAnErrorReleasesItsSessionsHeldEvents()
    {
        var config = Write("gateway.yaml", """
            processors:
              sampling:
                rates: { debug: 0.0001, info: 1, warn: 1, error: 1, fatal: 1 }
                keep_session_on_error: { window: 30s }
            exporters:
              console: {}
            routes:
              - name: all
                exporters: [console]
            """);
        var tests = Write("tests.yaml", """
            tests:
              - name: held, then released
                events:
                  - record: { eventName: step, severityNumber: 5, attributes: { session.id: s-1 } }
                    expect: { kept: true, attributes: { sampling.rescued: true }, exporters: [console] }
                  - record: { eventName: crash, severityNumber: 17, attributes: { session.id: s-1 } }
              - name: held, never released
                events:
                  - record: { eventName: step, severityNumber: 5, attributes: { session.id: s-2 } }
                expect: { kept: true }
            """);

        var (code, output, _) = await RunAsync("test", "--config", config, tests);

        Assert.Equal(1, code);
        Assert.Contains("PASS  held, then released", output, StringComparison.Ordinal);
        Assert.Contains("FAIL  held, never released", output, StringComparison.Ordinal);
        Assert.Contains("sampling: held, not kept (keep-rate 0.0001)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EventPrintsTheJourneyWithEveryStep()
    {
        var (code, output, _) = await RunAsync("test", "--config", Write("gateway.yaml", Config), "--event",
            """{"eventName":"payment.failed","severityNumber":17,"attributes":{"user.email":"jane@example.com"},"resource":{"service.name":"checkout"}}""");

        Assert.Equal(0, code);
        Assert.Contains("event 1 (payment.failed): error from checkout", output, StringComparison.Ordinal);
        Assert.Contains("sampling    kept (keep-rate 1)", output, StringComparison.Ordinal);
        Assert.Contains("redaction   redacted 1 value(s): user.email", output, StringComparison.Ordinal);
        Assert.Contains("routes      errors, stored", output, StringComparison.Ordinal);
        Assert.Contains("exporters   console, elasticsearch", output, StringComparison.Ordinal);
        Assert.Contains("elasticsearch writes this ecs document into logs-gateway-", output, StringComparison.Ordinal);
        Assert.Contains("\"user.email\": \"[REDACTED:email]\"", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnEventNoRouteTakesIsReportedUnrouted()
    {
        var config = Write("gateway.yaml", """
            exporters:
              console: {}
            routes:
              - name: errors
                match: { level: error }
                exporters: [console]
            """);

        var (code, output, _) = await RunAsync("test", "--config", config, "--event", """{"eventName":"page.viewed","severityNumber":9}""");

        Assert.Equal(0, code);
        Assert.Contains("routes      none matched and there is no default route: unrouted", output, StringComparison.Ordinal);
        Assert.Contains("exporters   none", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("tests:\n  - name: x\n    events: [{ record: { eventName: a } }]\n    expct: { kept: true }\n", "tests.yaml:4:5: tests file.tests[0]: unknown key 'expct' (did you mean 'expect'?)")]
    [InlineData("tests:\n  - name: x\n    events: [{ event: { name: a }, format: igniterr }]\n", "tests.yaml:3:44: tests file.tests[0].events[0].format: 'igniterr' is not a shape the events API reads; write one of igniter, flux, operational, tracardi or dash0")]
    [InlineData("tests:\n  - name: x\n    events: [{ event: a }]\n", "events[0].event: expected an event object")]
    [InlineData("tests:\n  - name: x\n    events: [{ record: { eventName: a }, otlp: { resourceLogs: [] } }]\n", "write exactly one of record: (an OTLP/JSON log record), otlp:")]
    [InlineData("tests:\n  - name: x\n    events: [{ record: { eventName: a }, event: { name: a } }]\n", "write exactly one of record: (an OTLP/JSON log record), otlp:")]
    [InlineData("tests:\n  - events: [{ record: { eventName: a } }]\n", "every test needs a name:")]
    [InlineData("tests: []\n", "")]
    public async Task ABrokenTestsFileIsAnErrorAtItsLineWithExitCodeTwo(string yaml, string expected)
    {
        var (code, output, error) = await RunAsync("test", "--config", Write("gateway.yaml", Config), Write("tests.yaml", yaml));

        if (expected.Length == 0)
        {
            // No tests at all is not a pass: a CI step that tests nothing must not look green.
            Assert.Equal(2, code);
            Assert.Contains("no tests", error, StringComparison.Ordinal);
            return;
        }

        Assert.True(code == 2, output + error);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InputTheReceiverWouldRefuseFailsTheTestSayingWhy()
    {
        var tests = Write("tests.yaml", """
            tests:
              - name: bad ids
                events:
                  - record: { eventName: a, traceId: not-hex }
            """);

        var (code, output, _) = await RunAsync("test", "--config", Write("gateway.yaml", Config), tests);

        Assert.Equal(1, code);
        Assert.Contains("events[0] (line 4): not OTLP/JSON the receiver would accept: traceId 'not-hex' is not hex", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EventsApiShapesAreReadAsPostV1EventsReadsThem()
    {
        var tests = Write("tests.yaml", """
            tests:
              - name: an Igniter envelope
                events:
                  - event: { name: payment.failed, level: error, service: billing-api, attributes: { user.email: jane@example.com } }
                expect:
                  routes: [errors, stored]
                  attributes: { user.email: "[REDACTED:email]" }
                  ecs: { log.level: error, service.name: billing-api }
              - name: a Flux event, its shape forced as ?format= would
                events:
                  - event: { name: signup.completed, user_id: usr_1, properties: { plan: pro } }
                    format: flux
                expect: { kept: true, routes: [stored], exporters: [elasticsearch] }
              - name: an event the API would reject fails saying why
                events:
                  - event: [{ name: ok.one }, { level: error }]
            """);

        var (code, output, _) = await RunAsync("test", "--config", Write("gateway.yaml", Config), tests);

        Assert.Equal(1, code);
        Assert.Contains("PASS  an Igniter envelope", output, StringComparison.Ordinal);
        Assert.Contains("PASS  a Flux event, its shape forced as ?format= would", output, StringComparison.Ordinal);
        Assert.Contains("FAIL  an event the API would reject fails saying why", output, StringComparison.Ordinal);
        Assert.Contains("POST /v1/events would reject 1 event(s) (event 1: no name", output, StringComparison.Ordinal);
        Assert.Contains("2 of 3 route test(s) passed, 1 failed", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EventTakesAnEventAsTheEventsApiDoes()
    {
        var (code, output, _) = await RunAsync("test", "--config", Write("gateway.yaml", Config), "--event",
            """{"name":"payment.failed","level":"error","service":"billing-api","attributes":{"user.email":"jane@example.com"}}""");

        Assert.Equal(0, code);
        Assert.Contains("event 1 (payment.failed): error from billing-api", output, StringComparison.Ordinal);
        Assert.Contains("redaction   redacted 1 value(s): user.email", output, StringComparison.Ordinal);
        Assert.Contains("routes      errors, stored", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnOtlpRequestGivesOneEventPerRecord()
    {
        var tests = Write("tests.yaml", """
            tests:
              - name: a whole request
                events:
                  - otlp: {"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"shop"}}]},
                           "scopeLogs":[{"logRecords":[{"eventName":"a","severityNumber":17},{"eventName":"b","severityNumber":9}]}]}]}
                expect: { routes: [errors, stored] }
            """);

        var (code, output, _) = await RunAsync("test", "--config", Write("gateway.yaml", Config), tests);

        Assert.Equal(1, code);
        Assert.Contains("event 2 (b), from line 4:", output, StringComparison.Ordinal);
        Assert.DoesNotContain("event 1 (a)", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("'gateway test' needs a tests file", "test")]
    [InlineData("give a tests file or --event, not both", "test", "t.yaml", "--event", "{}")]
    [InlineData("unknown option '--evnt' for 'gateway test' (did you mean '--event'?)", "test", "--evnt", "{}")]
    [InlineData("unknown command 'tset' (did you mean 'test'?)", "tset")]
    public async Task TheCommandLineOfTestIsStrict(string expected, params string[] args)
    {
        var (code, _, error) = await RunAsync(args);

        Assert.Equal(2, code);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    public void Dispose() => _files.Dispose();

    private string Write(string name, string text) => _files.Write(name, text);

    private static Task<(int Code, string Output, string Error)> RunAsync(params string[] args) => CommandLineRun.RunAsync(args);
}
